// SQLite groups repository (TalentLMS groups for SCIM /Groups): members in group_members, trashed users hidden.
import type { SqliteDatabase } from '@samlbridge/web';
import { compileFilter, GROUP_COLUMNS } from './filter-sql.js';
import { uniqueViolation } from './sqlite-users.js';
import type { GroupChange, GroupMember, GroupRepo, LmsGroup } from './types.js';

interface GroupRow {
  id: number;
  tenant: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

const iso = (d: Date) => d.toISOString();

export function createSqliteGroupRepo(db: SqliteDatabase): GroupRepo {
  const byId = db.prepare<[string, number], GroupRow>('SELECT * FROM user_groups WHERE tenant = ? AND id = ?');
  const membersOf = db.prepare<[number], GroupMember>(
    `SELECT u.id AS id, u.login AS login FROM group_members gm JOIN users u ON u.id = gm.user_id AND u.deleted_at IS NULL
     WHERE gm.group_id = ? ORDER BY u.id`,
  );
  const addMember = db.prepare(
    `INSERT INTO group_members (group_id, user_id)
     SELECT ?, u.id FROM users u WHERE u.tenant = ? AND u.id = ? AND u.deleted_at IS NULL
     ON CONFLICT (group_id, user_id) DO NOTHING`,
  );
  const removeMember = db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?');
  const clearMembers = db.prepare('DELETE FROM group_members WHERE group_id = ?');

  const toGroup = (r: GroupRow, withMembers: boolean): LmsGroup => ({
    id: r.id,
    tenant: r.tenant,
    displayName: r.display_name,
    externalId: r.external_id,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    ...(withMembers ? { members: membersOf.all(r.id) } : {}),
  });

  const applyMembers = (tenant: string, groupId: number, c: GroupChange) => {
    if (c.replaceMembers) {
      clearMembers.run(groupId);
      for (const id of c.replaceMembers) addMember.run(groupId, tenant, id);
    }
    for (const id of c.addMembers ?? []) addMember.run(groupId, tenant, id);
    for (const id of c.removeMembers ?? []) removeMember.run(groupId, id);
  };

  const createTx = db.transaction(
    (g: { tenant: string; displayName: string; externalId: string | null; memberIds: number[] }, now: Date): number => {
      // IDs are never given again (RFC 7643 §3.1): above every group, and above every deleted one.
      const info = db
        .prepare(
          `INSERT INTO user_groups (id, tenant, display_name, external_id, created_at, updated_at)
           VALUES (MAX(COALESCE((SELECT MAX(id) FROM user_groups), 0), (SELECT MAX(id) FROM group_id_floor)) + 1, ?, ?, ?, ?, ?)`,
        )
        .run(g.tenant, g.displayName, g.externalId, iso(now), iso(now));
      const id = Number(info.lastInsertRowid);
      applyMembers(g.tenant, id, { addMembers: g.memberIds });
      return id;
    },
  );

  const updateTx = db.transaction((tenant: string, id: number, c: GroupChange, now: Date) => {
    const row = byId.get(tenant, id);
    if (!row) return;
    db.prepare('UPDATE user_groups SET display_name = ?, external_id = ?, updated_at = ? WHERE id = ?').run(
      c.displayName ?? row.display_name,
      c.externalId === undefined ? row.external_id : c.externalId,
      iso(now),
      id,
    );
    applyMembers(tenant, id, c);
  });

  return {
    async findById(tenant, id, { members = true } = {}) {
      const row = byId.get(tenant, id);
      return row ? toGroup(row, members) : undefined;
    },
    async search(tenant, { filter, startIndex, count, members }) {
      const cond = filter ? compileFilter(filter, GROUP_COLUMNS) : { sql: '1 = 1', params: [] };
      const where = `g.tenant = ? AND ${cond.sql}`;
      const params = [tenant, ...cond.params];
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM user_groups g WHERE ${where}`).get(...params) as { n: number }).n;
      const rows =
        count > 0
          ? (db
              .prepare(`SELECT g.* FROM user_groups g WHERE ${where} ORDER BY g.id LIMIT ? OFFSET ?`)
              .all(...params, count, startIndex - 1) as GroupRow[])
          : [];
      return { total, groups: rows.map((r) => toGroup(r, members)) };
    },
    async create(g, now) {
      try {
        return toGroup(byId.get(g.tenant, createTx(g, now)) as GroupRow, true);
      } catch (err) {
        throw uniqueViolation(err) ?? err;
      }
    },
    async update(tenant, id, change, now) {
      try {
        updateTx(tenant, id, change, now);
      } catch (err) {
        throw uniqueViolation(err) ?? err;
      }
    },
    async delete(tenant, id) {
      return db.transaction(() => {
        const gone = db.prepare('DELETE FROM user_groups WHERE tenant = ? AND id = ?').run(tenant, id).changes === 1;
        if (gone) db.prepare('UPDATE group_id_floor SET id = ? WHERE id < ?').run(id, id);
        return gone;
      })();
    },
  };
}
