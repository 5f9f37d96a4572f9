// Groups and their members, written once for both engines. Names are unique by the old key (NFC + lower-case).
import { affected, matchesPattern } from '@samlbridge/web';
import type { Selectable, Updateable } from 'kysely';
import type { Group } from '../domain.js';
import type { UserGroupsTable } from './database.js';
import { guarded, key, type Sql } from './dialect.js';
import type { GroupRepository } from './types.js';

export function groups(ctx: Sql): GroupRepository {
  const { db, dialect } = ctx;
  const toGroup = (r: Selectable<UserGroupsTable>): Group => ({
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: dialect.fromDbDate(r.created_at),
  });
  const byId = async (id: string) => {
    const row = await db.selectFrom('user_groups').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toGroup(row);
  };
  return {
    async insert(g) {
      await guarded(ctx, () =>
        db
          .insertInto('user_groups')
          .values({ id: g.id, name: g.name, name_key: key(g.name), description: g.description, created_at: dialect.toDbDate(g.createdAt) })
          .execute(),
      );
    },
    get: byId,
    async findByName(name) {
      const row = await db.selectFrom('user_groups').selectAll().where('name_key', '=', key(name)).executeTakeFirst();
      return row && toGroup(row);
    },
    async update(id, patch) {
      const set: Updateable<UserGroupsTable> = {};
      if (patch.name !== undefined) Object.assign(set, { name: patch.name, name_key: key(patch.name) });
      if (patch.description !== undefined) set.description = patch.description;
      if (Object.keys(set).length === 0) return byId(id);
      const row = await guarded(ctx, () => db.updateTable('user_groups').set(set).where('id', '=', id).returningAll().executeTakeFirst());
      return row && toGroup(row);
    },
    async delete(id) {
      return affected(await db.deleteFrom('user_groups').where('id', '=', id).executeTakeFirstOrThrow()) > 0;
    },
    async list({ limit, offset, search }) {
      let query = db.selectFrom('user_groups');
      if (search) query = query.where(matchesPattern('name_key', search));
      const rows = await query.selectAll().orderBy(dialect.binary('name_key')).limit(limit).offset(offset).execute();
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map(toGroup), total: Number(total.n), limit, offset };
    },
    async addMember(groupId, userId) {
      // Idempotent, and safe when two instances add the same member at once.
      await db
        .insertInto('group_members')
        .values({ group_id: groupId, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async removeMember(groupId, userId) {
      const result = await db
        .deleteFrom('group_members')
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return affected(result) > 0;
    },
    async listMemberIds(groupId) {
      const rows = await db
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', groupId)
        .orderBy(dialect.binary('user_id'))
        .execute();
      return rows.map((r) => r.user_id);
    },
    async listGroupIdsOfUser(userId) {
      const rows = await db
        .selectFrom('group_members')
        .select('group_id')
        .where('user_id', '=', userId)
        .orderBy(dialect.binary('group_id'))
        .execute();
      return rows.map((r) => r.group_id);
    },
  };
}
