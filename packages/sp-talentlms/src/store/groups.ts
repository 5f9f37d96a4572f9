// SP groups (TalentLMS groups; SCIM /Groups). Create and update are one transaction each (name,
// externalId and member deltas together); trashed users are never members.
import { pageOf, type RowOf, rowMapper, snakeColumns, type WithGenerated } from '@samlbridge/web';
import { type Insertable, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { Database } from './database.js';
import { refuseDuplicates, type SpDialect } from './dialect.js';
import type { GroupAttr } from './filter.js';
import { compileFilter, GROUP_COLUMNS } from './filter-sql.js';
import type { GroupChange, GroupMember, LmsGroup, PageQuery } from './types.js';

type Row = Selectable<UserGroupsTable>;
type GroupRecord = Omit<LmsGroup, 'members'>;

const COLUMNS = snakeColumns<GroupRecord>()({
  text: ['tenant', 'displayName', 'externalId'],
  date: ['createdAt', 'updatedAt'],
  number: ['id'],
});
export type UserGroupsTable = WithGenerated<RowOf<GroupRecord, typeof COLUMNS>, 'id'>;

async function membersOf(db: Kysely<Database>, groupIds: number[]): Promise<Map<number, GroupMember[]>> {
  const members = new Map<number, GroupMember[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return members;
  const rows = await db
    .selectFrom('group_members as gm')
    .innerJoin('users as u', (join) => join.onRef('u.id', '=', 'gm.user_id').on('u.deleted_at', 'is', null))
    .select(['gm.group_id', 'u.id', 'u.login'])
    .where('gm.group_id', 'in', groupIds)
    .orderBy('u.id')
    .execute();
  for (const r of rows) members.get(Number(r.group_id))?.push({ id: Number(r.id), login: r.login });
  return members;
}

async function toGroups(db: Kysely<Database>, fromRow: (r: Row) => GroupRecord, rows: Row[], withMembers: boolean): Promise<LmsGroup[]> {
  const members = withMembers
    ? await membersOf(
        db,
        rows.map((r) => Number(r.id)),
      )
    : undefined;
  return rows.map((r) => ({ ...fromRow(r), ...(members ? { members: members.get(Number(r.id)) ?? [] } : {}) }));
}

/** Member changes inside the group's transaction; only the tenant's users not in the trash are added. */
async function applyMembers(trx: Kysely<Database>, tenant: string, groupId: number, c: GroupChange): Promise<void> {
  const add = async (ids: number[]) => {
    if (ids.length === 0) return;
    await trx
      .insertInto('group_members')
      .columns(['group_id', 'user_id'])
      .expression((eb) =>
        eb
          .selectFrom('users as u')
          .select([eb.lit(groupId).as('group_id'), 'u.id'])
          .where('u.tenant', '=', tenant)
          .where('u.id', 'in', ids)
          .where('u.deleted_at', 'is', null),
      )
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  };
  if (c.replaceMembers) {
    await trx.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    await add(c.replaceMembers);
  }
  await add(c.addMembers ?? []);
  if (c.removeMembers?.length) {
    await trx.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', 'in', c.removeMembers).execute();
  }
}

export function createGroupRepo(db: Kysely<Database>, d: SpDialect) {
  const { fromRow, toPatch } = rowMapper<GroupRecord, UserGroupsTable>(d, COLUMNS);
  const groups = (on: Kysely<Database>, tenant: string) => on.selectFrom('user_groups').selectAll().where('tenant', '=', tenant);
  return {
    async findById(tenant: string, id: number, { members = true }: { members?: boolean } = {}) {
      const rows = await groups(db, tenant).where('id', '=', id).execute();
      return (await toGroups(db, fromRow, rows, members))[0];
    },
    /** Filtered page ordered by id; members loaded only when asked (`excludedAttributes=members` skips them). */
    async search(tenant: string, { filter, startIndex, count, members }: PageQuery<GroupAttr> & { members: boolean }) {
      const cond = filter ? compileFilter(filter, GROUP_COLUMNS) : sql<SqlBool>`1 = 1`;
      const matching = db.selectFrom('user_groups as g').where('g.tenant', '=', tenant).where(cond);
      const page = { limit: count, offset: startIndex - 1 };
      const { total, items } = await pageOf(
        matching,
        (q) => q.orderBy('g.id'),
        (row: Row) => row,
        page,
      );
      return { total, groups: await toGroups(db, fromRow, items, members) };
    },
    /** displayName unique case-insensitively per tenant: throws UniqueViolation('groupName'). */
    async create(g: { tenant: string; displayName: string; externalId: string | null; memberIds: number[] }, now: Date) {
      return refuseDuplicates(d, () =>
        db.transaction().execute(async (trx) => {
          // IDs are never given again (RFC 7643 §3.1).
          const id = d.newId('user_groups');
          const row = await trx
            .insertInto('user_groups')
            .values({
              ...(id === undefined ? {} : { id }),
              ...toPatch({ ...g, createdAt: now, updatedAt: now }),
            } as Insertable<UserGroupsTable>)
            .returningAll()
            .executeTakeFirstOrThrow();
          await applyMembers(trx, g.tenant, Number(row.id), { addMembers: g.memberIds });
          return (await toGroups(trx, fromRow, [row], true))[0] as LmsGroup;
        }),
      );
    },
    /** One transaction: name/externalId and member deltas. Throws UniqueViolation('groupName'). */
    async update(tenant: string, id: number, change: GroupChange, now: Date) {
      await refuseDuplicates(d, () =>
        db.transaction().execute(async (trx) => {
          // Row lock first: concurrent updates of one group apply one after the other.
          const row = await d.lockRow(groups(trx, tenant).where('id', '=', id)).executeTakeFirst();
          if (!row) return;
          const { displayName, externalId } = change;
          await trx
            .updateTable('user_groups')
            .set(toPatch({ displayName, externalId, updatedAt: now }))
            .where('id', '=', id)
            .execute();
          await applyMembers(trx, tenant, id, change);
        }),
      );
    },
    async delete(tenant: string, id: number) {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('user_groups').where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
        const gone = result.numDeletedRows === 1n;
        if (gone) await d.retireId(trx, 'user_groups', id);
        return gone;
      });
    },
  };
}
