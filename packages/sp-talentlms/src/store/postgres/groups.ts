// SP groups (SCIM /Groups) on PostgreSQL. Create and update are one transaction each (name,
// externalId and member deltas together); trashed users are never members.
import { type PgPool, type PgQueryable, transaction } from '@samlbridge/web';
import { compileFilter, GROUP_COLUMNS } from '../filter-sql.js';
import type { GroupChange, GroupMember, GroupRepo, LmsGroup } from '../types.js';
import { mapUnique, numbered } from './sql.js';

interface Row {
  id: number;
  tenant: string;
  display_name: string;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

async function membersOf(db: PgQueryable, groupIds: number[]): Promise<Map<number, GroupMember[]>> {
  const members = new Map<number, GroupMember[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return members;
  const { rows } = await db.query<{ group_id: number; id: number; login: string }>(
    `SELECT gm.group_id, u.id, u.login FROM group_members gm JOIN users u ON u.id = gm.user_id AND u.deleted_at IS NULL
     WHERE gm.group_id = ANY($1::bigint[]) ORDER BY u.id`,
    [groupIds],
  );
  for (const r of rows) members.get(r.group_id)?.push({ id: r.id, login: r.login });
  return members;
}

async function toGroups(db: PgQueryable, rows: Row[], withMembers: boolean): Promise<LmsGroup[]> {
  const members = withMembers
    ? await membersOf(
        db,
        rows.map((r) => r.id),
      )
    : undefined;
  return rows.map((r) => ({
    id: r.id,
    tenant: r.tenant,
    displayName: r.display_name,
    externalId: r.external_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(members ? { members: members.get(r.id) ?? [] } : {}),
  }));
}

/** Member changes inside the group's transaction; only the tenant's users not in the trash are added. */
async function applyMembers(db: PgQueryable, tenant: string, groupId: number, c: GroupChange): Promise<void> {
  const add = async (ids: number[]) => {
    if (ids.length === 0) return;
    await db.query(
      `INSERT INTO group_members (group_id, user_id)
       SELECT $1, u.id FROM users u WHERE u.tenant = $2 AND u.id = ANY($3::bigint[]) AND u.deleted_at IS NULL
       ON CONFLICT (group_id, user_id) DO NOTHING`,
      [groupId, tenant, ids],
    );
  };
  if (c.replaceMembers) {
    await db.query('DELETE FROM group_members WHERE group_id = $1', [groupId]);
    await add(c.replaceMembers);
  }
  await add(c.addMembers ?? []);
  if (c.removeMembers?.length) {
    await db.query('DELETE FROM group_members WHERE group_id = $1 AND user_id = ANY($2::bigint[])', [groupId, c.removeMembers]);
  }
}

export function postgresGroups(pool: PgPool): GroupRepo {
  return {
    async findById(tenant, id, { members = true } = {}) {
      const { rows } = await pool.query<Row>('SELECT * FROM user_groups WHERE tenant = $1 AND id = $2', [tenant, id]);
      return (await toGroups(pool, rows, members))[0];
    },
    async search(tenant, { filter, startIndex, count, members }) {
      const cond = filter ? compileFilter(filter, GROUP_COLUMNS) : { sql: '1 = 1', params: [] };
      const where = `g.tenant = $1 AND ${numbered(cond, 2)}`;
      const params = [tenant, ...cond.params];
      const { rows: counted } = await pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM user_groups g WHERE ${where}`, params);
      const total = counted[0]?.n ?? 0;
      if (count <= 0) return { total, groups: [] };
      const n = params.length;
      const { rows } = await pool.query<Row>(
        `SELECT g.* FROM user_groups g WHERE ${where} ORDER BY g.id LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, count, startIndex - 1],
      );
      return { total, groups: await toGroups(pool, rows, members) };
    },
    async create(g, now) {
      return mapUnique(() =>
        transaction(pool, async (client) => {
          const { rows } = await client.query<Row>(
            'INSERT INTO user_groups (tenant, display_name, external_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING *',
            [g.tenant, g.displayName, g.externalId, now],
          );
          const row = rows[0] as Row;
          await applyMembers(client, g.tenant, row.id, { addMembers: g.memberIds });
          return (await toGroups(client, [row], true))[0] as LmsGroup;
        }),
      );
    },
    async update(tenant, id, change, now) {
      await mapUnique(() =>
        transaction(pool, async (client) => {
          // Row lock first: concurrent updates of one group apply one after the other.
          const { rows } = await client.query<Row>('SELECT * FROM user_groups WHERE tenant = $1 AND id = $2 FOR UPDATE', [tenant, id]);
          const row = rows[0];
          if (!row) return;
          await client.query('UPDATE user_groups SET display_name = $1, external_id = $2, updated_at = $3 WHERE id = $4', [
            change.displayName ?? row.display_name,
            change.externalId === undefined ? row.external_id : change.externalId,
            now,
            id,
          ]);
          await applyMembers(client, tenant, id, change);
        }),
      );
    },
    async delete(tenant, id) {
      return (await pool.query('DELETE FROM user_groups WHERE tenant = $1 AND id = $2', [tenant, id])).rowCount === 1;
    },
  };
}
