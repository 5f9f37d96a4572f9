// A table of pairs (group members, group bindings), written once for both engines: add is idempotent and safe
// when two instances add the same pair at once; lists come in byte order.
import { affected } from '@samlbridge/web';
import { sql } from 'kysely';
import type { Sql } from './dialect.js';

type PairTable = 'group_members' | 'group_bindings';

export function links({ db, dialect }: Sql, name: PairTable, left: 'group_id', right: 'user_id' | 'application_id') {
  const ids = async (of: string, wanted: string, value: string) => {
    const rows = await db
      .selectFrom(name)
      .select(sql.ref<string>(wanted).as('id'))
      .where(of as 'group_id', '=', value)
      .orderBy(dialect.binary(wanted))
      .execute();
    return rows.map((r) => r.id);
  };
  return {
    async add(l: string, r: string) {
      await db
        .insertInto(name)
        .values({ [left]: l, [right]: r } as never)
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async remove(l: string, r: string) {
      return (
        affected(
          await db
            .deleteFrom(name)
            .where(left, '=', l)
            .where(right as 'group_id', '=', r)
            .executeTakeFirstOrThrow(),
        ) > 0
      );
    },
    /** The right-hand ids paired with `l`. */
    rightsOf: (l: string) => ids(left, right, l),
    /** The left-hand ids paired with `r`. */
    leftsOf: (r: string) => ids(right, left, r),
  };
}
