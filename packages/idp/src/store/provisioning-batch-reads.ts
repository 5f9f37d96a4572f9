// Batched reads of the provisioning planner (provisioning/planner.ts): binding a group of 100,000 members, or
// activating an integration, reads the members not yet bound, their records and their held passwords in one query
// per 500 users, instead of three queries per member inside the binding's transaction.
import { chunksOf, table } from '@samlbridge/web';
import type { UserRecord } from '../domain.js';
import type { Sql } from './dialect.js';
import { USER_COLUMNS, type UsersTable } from './users.js';

export function provisioningBatchReads({ db, dialect }: Sql) {
  const users = table<UserRecord, UsersTable>(db, dialect, 'users', USER_COLUMNS);
  async function chunked<T>(ids: string[], read: (chunk: string[]) => Promise<[string, T][]>): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (const chunk of chunksOf(ids)) for (const [k, v] of await read(chunk)) out.set(k, v);
    return out;
  }
  return {
    /** Members of `groupId` that no group bound to `applicationId` holds (read before binding it), in id order. */
    async membersNotBound(applicationId: string, groupId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('group_members as m')
        .select('m.user_id')
        .where('m.group_id', '=', groupId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('group_bindings as b')
                .innerJoin('group_members as o', 'o.group_id', 'b.group_id')
                .select('b.group_id')
                .where('b.application_id', '=', applicationId)
                .whereRef('o.user_id', '=', 'm.user_id'),
            ),
          ),
        )
        .orderBy(dialect.binary('m.user_id'))
        .execute();
      return rows.map((r) => r.user_id);
    },
    /** The users of these ids that exist. */
    usersByIds: (ids: string[]): Promise<Map<string, UserRecord>> =>
      chunked<UserRecord>(ids, async (chunk) => {
        const rows = await db.selectFrom('users').selectAll().where('id', 'in', chunk).execute();
        return rows.map((r) => {
          const u = users.fromRow(r);
          return [u.id, u];
        });
      }),
    /** The sealed passwords held for these users and not expired at `now` (the pendingPasswords repository, small-repositories.ts). */
    heldPasswords: (userIds: string[], now: Date): Promise<Map<string, string>> =>
      chunked<string>(userIds, async (chunk) => {
        const rows = await db
          .selectFrom('pending_passwords')
          .select(['user_id', 'sealed'])
          .where('user_id', 'in', chunk)
          .where('expires_at', '>', dialect.toDbDate(now))
          .execute();
        return rows.map((r) => [r.user_id, r.sealed]);
      }),
  };
}
