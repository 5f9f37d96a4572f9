import type { SqliteDatabase } from '@samlbridge/web';
import type { Group } from '../../domain.js';
import { containsPattern, LIKE_ESCAPE_SQL } from '../like.js';
import type { GroupRepository } from '../types.js';
import { date, guarded, iso, key } from './util.js';

interface Row {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

const toGroup = (r: Row): Group => ({ id: r.id, name: r.name, description: r.description, createdAt: date(r.created_at) });

export function sqliteGroups(db: SqliteDatabase): GroupRepository {
  return {
    async insert(g) {
      guarded(() =>
        db
          .prepare('INSERT INTO user_groups (id, name, name_key, description, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(g.id, g.name, key(g.name), g.description, iso(g.createdAt)),
      );
    },
    async get(id) {
      const row = db.prepare<[string], Row>('SELECT * FROM user_groups WHERE id = ?').get(id);
      return row && toGroup(row);
    },
    async findByName(name) {
      const row = db.prepare<[string], Row>('SELECT * FROM user_groups WHERE name_key = ?').get(key(name));
      return row && toGroup(row);
    },
    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (patch.name !== undefined) {
        sets.push('name = ?', 'name_key = ?');
        values.push(patch.name, key(patch.name));
      }
      if (patch.description !== undefined) {
        sets.push('description = ?');
        values.push(patch.description);
      }
      if (sets.length) guarded(() => db.prepare(`UPDATE user_groups SET ${sets.join(', ')} WHERE id = ?`).run(...values, id));
      const row = db.prepare<[string], Row>('SELECT * FROM user_groups WHERE id = ?').get(id);
      return row && toGroup(row);
    },
    async delete(id) {
      return db.prepare('DELETE FROM user_groups WHERE id = ?').run(id).changes > 0;
    },
    async list({ limit, offset, search }) {
      const where = search ? `WHERE name_key LIKE ? ${LIKE_ESCAPE_SQL}` : '';
      const params = search ? [containsPattern(search)] : [];
      const rows = db
        .prepare<unknown[], Row>(`SELECT * FROM user_groups ${where} ORDER BY name_key LIMIT ? OFFSET ?`)
        .all(...params, limit, offset);
      const total = (db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM user_groups ${where}`).get(...params) as { n: number })
        .n;
      return { items: rows.map(toGroup), total, limit, offset };
    },
    async addMember(groupId, userId) {
      // Idempotent: adding an existing member changes nothing.
      db.prepare(
        'INSERT INTO group_members (group_id, user_id) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?)',
      ).run(groupId, userId, groupId, userId);
    },
    async removeMember(groupId, userId) {
      return db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?').run(groupId, userId).changes > 0;
    },
    async listMemberIds(groupId) {
      return db
        .prepare<[string], { user_id: string }>('SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id')
        .all(groupId)
        .map((r) => r.user_id);
    },
    async listGroupIdsOfUser(userId) {
      return db
        .prepare<[string], { group_id: string }>('SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id')
        .all(userId)
        .map((r) => r.group_id);
    },
  };
}
