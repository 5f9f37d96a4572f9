import type { PgQueryable } from '@samlbridge/web';
import type { Group } from '../../domain.js';
import { containsPattern, LIKE_ESCAPE_SQL } from '../like.js';
import type { GroupRepository } from '../types.js';
import { C, count, guarded, key } from './util.js';

interface Row {
  id: string;
  name: string;
  description: string;
  created_at: Date;
}

const toGroup = (r: Row): Group => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at });

export function postgresGroups(db: PgQueryable): GroupRepository {
  return {
    async insert(g) {
      await guarded(() =>
        db.query('INSERT INTO user_groups (id, name, name_key, description, created_at) VALUES ($1, $2, $3, $4, $5)', [
          g.id,
          g.name,
          key(g.name),
          g.description,
          g.createdAt,
        ]),
      );
    },
    async get(id) {
      const { rows } = await db.query<Row>('SELECT * FROM user_groups WHERE id = $1', [id]);
      return rows[0] && toGroup(rows[0]);
    },
    async findByName(name) {
      const { rows } = await db.query<Row>('SELECT * FROM user_groups WHERE name_key = $1', [key(name)]);
      return rows[0] && toGroup(rows[0]);
    },
    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (patch.name !== undefined) {
        values.push(patch.name, key(patch.name));
        sets.push(`name = $${values.length - 1}`, `name_key = $${values.length}`);
      }
      if (patch.description !== undefined) {
        values.push(patch.description);
        sets.push(`description = $${values.length}`);
      }
      if (sets.length === 0) return this.get(id);
      values.push(id);
      const { rows } = await guarded(() =>
        db.query<Row>(`UPDATE user_groups SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`, values),
      );
      return rows[0] && toGroup(rows[0]);
    },
    async delete(id) {
      return ((await db.query('DELETE FROM user_groups WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async list({ limit, offset, search }) {
      const where = search ? `WHERE name_key LIKE $1 ${LIKE_ESCAPE_SQL}` : '';
      const params = search ? [containsPattern(search)] : [];
      const n = params.length;
      const { rows } = await db.query<Row>(`SELECT * FROM user_groups ${where} ORDER BY name_key ${C} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        limit,
        offset,
      ]);
      const total = await count(db, `SELECT COUNT(*) AS n FROM user_groups ${where}`, params);
      return { items: rows.map(toGroup), total, limit, offset };
    },
    async addMember(groupId, userId) {
      // Idempotent, and safe when two instances add the same member at once.
      await db.query('INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, userId]);
    },
    async removeMember(groupId, userId) {
      return ((await db.query('DELETE FROM group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId])).rowCount ?? 0) > 0;
    },
    async listMemberIds(groupId) {
      const { rows } = await db.query<{ user_id: string }>(`SELECT user_id FROM group_members WHERE group_id = $1 ORDER BY user_id ${C}`, [
        groupId,
      ]);
      return rows.map((r) => r.user_id);
    },
    async listGroupIdsOfUser(userId) {
      const { rows } = await db.query<{ group_id: string }>(
        `SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id ${C}`,
        [userId],
      );
      return rows.map((r) => r.group_id);
    },
  };
}
