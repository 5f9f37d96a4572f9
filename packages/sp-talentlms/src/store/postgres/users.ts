// SP users on PostgreSQL: SCIM search (the portable filter SQL, numbered), one-statement replace,
// trash / restore / permanent delete. Login and email are unique per tenant by their identity keys
// (usernameKey / emailKey columns, as on SQLite).
import { emailKey, usernameKey } from '@samlbridge/protocol';
import type { PgQueryable } from '@samlbridge/web';
import { compileFilter, userColumns } from '../filter-sql.js';
import type { LmsUser, NewUser, UserRepo } from '../types.js';
import { mapUnique, numbered } from './sql.js';

interface Row {
  id: number;
  tenant: string;
  login: string;
  email: string;
  first_name: string;
  last_name: string;
  active: boolean;
  role: string;
  created_via: string;
  password_hash: string | null;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  external_id: string | null;
  display_name: string;
  formatted_name: string;
  timezone: string | null;
  user_type: string | null;
  deleted_at: Date | null;
  login_conflict: string | null;
  email_conflict: string | null;
}

function toUser(r: Row): LmsUser {
  return {
    id: r.id,
    tenant: r.tenant,
    login: r.login,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    active: r.active,
    role: r.role === 'superadmin' ? 'superadmin' : 'learner',
    // An origin this code did not write counts as local: SSO never signs in as an account of unknown origin.
    createdVia: r.created_via === 'sso' ? 'sso' : r.created_via === 'scim' ? 'scim' : 'local',
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastLoginAt: r.last_login_at,
    externalId: r.external_id,
    displayName: r.display_name,
    formattedName: r.formatted_name,
    timezone: r.timezone,
    userType: r.user_type,
    deletedAt: r.deleted_at,
  };
}

/** Account defaults the extension attributes fall back to when filtering. */
export type DefaultsFor = (tenant: string) => Promise<{ timezone: string; userType: string }>;

export function postgresUsers(db: PgQueryable, defaultsFor: DefaultsFor): UserRepo {
  const one = async (sql: string, values: unknown[]) => {
    const { rows } = await db.query<Row>(sql, values);
    return rows[0] ? toUser(rows[0]) : undefined;
  };
  const changed = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rowCount === 1;
  return {
    // By usernameKey; where the identity migration left two users with one key, the holder (not flagged) first.
    findByLogin: (tenant, login) =>
      one('SELECT * FROM users WHERE tenant = $1 AND login_key = $2 ORDER BY login_conflict IS NOT NULL, id LIMIT 1', [
        tenant,
        usernameKey(login),
      ]),
    findById: (tenant, id) => one('SELECT * FROM users WHERE tenant = $1 AND id = $2', [tenant, id]),
    async create(u: NewUser, now) {
      const user = await mapUnique(() =>
        one(
          `INSERT INTO users (tenant, login, email, first_name, last_name, active, role, created_via, password_hash, created_at, updated_at,
             external_id, display_name, formatted_name, timezone, user_type, login_key, email_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING *`,
          [
            u.tenant,
            u.login,
            u.email,
            u.firstName,
            u.lastName,
            u.active !== false,
            u.role,
            u.createdVia,
            u.passwordHash,
            now,
            u.externalId ?? null,
            u.displayName ?? '',
            u.formattedName ?? '',
            u.timezone ?? null,
            u.userType ?? null,
            usernameKey(u.login),
            emailKey(u.email),
          ],
        ),
      );
      return user as LmsUser;
    },
    async updateProfile(tenant, id, p, now) {
      await mapUnique(() =>
        db.query(
          `UPDATE users SET email = $1, first_name = $2, last_name = $3, updated_at = $4,
             email_conflict = CASE WHEN email_key = $7 THEN email_conflict END, email_key = $7
           WHERE tenant = $5 AND id = $6`,
          [p.email, p.firstName, p.lastName, now, tenant, id, emailKey(p.email)],
        ),
      );
    },
    async touchLogin(tenant, id, now) {
      await db.query('UPDATE users SET last_login_at = $1 WHERE tenant = $2 AND id = $3', [now, tenant, id]);
    },
    async setActive(tenant, id, active, now) {
      await db.query('UPDATE users SET active = $1, updated_at = $2 WHERE tenant = $3 AND id = $4', [active, now, tenant, id]);
    },
    async list(tenant, { trashed = false } = {}) {
      const where = trashed ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
      const { rows } = await db.query<Row>(`SELECT * FROM users WHERE tenant = $1 AND ${where} ORDER BY login`, [tenant]);
      return rows.map(toUser);
    },
    async search(tenant, { filter, startIndex, count }) {
      const cond = filter ? compileFilter(filter, userColumns(await defaultsFor(tenant))) : { sql: '1 = 1', params: [] };
      const where = `u.tenant = $1 AND u.deleted_at IS NULL AND ${numbered(cond, 2)}`;
      const params = [tenant, ...cond.params];
      const { rows: counted } = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM users u WHERE ${where}`, params);
      const total = counted[0]?.n ?? 0;
      if (count <= 0) return { total, users: [] };
      const n = params.length;
      const { rows } = await db.query<Row>(`SELECT u.* FROM users u WHERE ${where} ORDER BY u.id LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        count,
        startIndex - 1,
      ]);
      return { total, users: rows.map(toUser) };
    },
    async replace(tenant, id, f, now) {
      // One statement: every SCIM-writable field at once; passwordHash undefined keeps, null clears.
      const user = await mapUnique(() =>
        one(
          `UPDATE users SET login = $1, email = $2, first_name = $3, last_name = $4, display_name = $5, formatted_name = $6, external_id = $7,
             active = $8, timezone = $9, user_type = $10, password_hash = CASE WHEN $11 THEN password_hash ELSE $12 END, updated_at = $13,
             login_conflict = CASE WHEN login_key = $16 THEN login_conflict END, login_key = $16,
             email_conflict = CASE WHEN email_key = $17 THEN email_conflict END, email_key = $17
           WHERE tenant = $14 AND id = $15 AND deleted_at IS NULL RETURNING *`,
          [
            f.login,
            f.email,
            f.firstName,
            f.lastName,
            f.displayName,
            f.formattedName,
            f.externalId,
            f.active,
            f.timezone,
            f.userType,
            f.passwordHash === undefined,
            f.passwordHash ?? null,
            now,
            tenant,
            id,
            usernameKey(f.login),
            emailKey(f.email),
          ],
        ),
      );
      if (!user) throw new Error(`user ${id} vanished during update`);
      return user;
    },
    trash: (tenant, id, now) =>
      changed('UPDATE users SET deleted_at = $1, updated_at = $1 WHERE tenant = $2 AND id = $3 AND deleted_at IS NULL', [now, tenant, id]),
    restore: (tenant, id, now) =>
      changed('UPDATE users SET deleted_at = NULL, updated_at = $1 WHERE tenant = $2 AND id = $3 AND deleted_at IS NOT NULL', [
        now,
        tenant,
        id,
      ]),
    purge: (tenant, id) => changed('DELETE FROM users WHERE tenant = $1 AND id = $2 AND deleted_at IS NOT NULL', [tenant, id]),
    async identityConflicts() {
      const { rows } = await db.query<Row>(
        'SELECT * FROM users WHERE login_conflict IS NOT NULL OR email_conflict IS NOT NULL ORDER BY tenant, id',
      );
      return rows.map((r) => ({
        id: r.id,
        scope: r.tenant,
        username: r.login,
        usernameConflict: r.login_conflict,
        emailConflict: r.email_conflict,
      }));
    },
    async existingIds(tenant, ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<{ id: number }>(
        'SELECT id FROM users WHERE tenant = $1 AND id = ANY($2::bigint[]) AND deleted_at IS NULL',
        [tenant, ids],
      );
      const found = new Set(rows.map((r) => r.id));
      return ids.filter((id) => found.has(id));
    },
  };
}
