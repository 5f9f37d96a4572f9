// SQLite users repository: SCIM search (filter compiled to SQL), atomic replace, trash / restore / permanent delete.
import { emailKey, usernameKey } from '@samlbridge/protocol';
import type { SqliteDatabase } from '@samlbridge/web';
import { compileFilter, userColumns } from './filter-sql.js';
import { type LmsUser, type NewUser, UniqueViolation, type UserRepo } from './types.js';

export interface UserRow {
  id: number;
  tenant: string;
  login: string;
  email: string;
  first_name: string;
  last_name: string;
  active: number;
  role: string;
  created_via: string;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  external_id: string | null;
  display_name: string;
  formatted_name: string;
  timezone: string | null;
  user_type: string | null;
  deleted_at: string | null;
  login_conflict: string | null;
  email_conflict: string | null;
}

const iso = (d: Date) => d.toISOString();

export function toUser(r: UserRow): LmsUser {
  return {
    id: r.id,
    tenant: r.tenant,
    login: r.login,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    active: r.active === 1,
    role: r.role === 'superadmin' ? 'superadmin' : 'learner',
    // An origin this code did not write counts as local: SSO never signs in as an account of unknown origin.
    createdVia: r.created_via === 'sso' ? 'sso' : r.created_via === 'scim' ? 'scim' : 'local',
    passwordHash: r.password_hash,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at) : null,
    externalId: r.external_id,
    displayName: r.display_name,
    formattedName: r.formatted_name,
    timezone: r.timezone,
    userType: r.user_type,
    deletedAt: r.deleted_at ? new Date(r.deleted_at) : null,
  };
}

/** Maps a SQLite unique-constraint failure to the field that is taken (index names are part of the schema). */
export function uniqueViolation(err: unknown): UniqueViolation | undefined {
  const e = err as { code?: string; message?: string };
  if (e?.code !== 'SQLITE_CONSTRAINT_UNIQUE' && e?.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return undefined;
  const m = e.message ?? '';
  if (m.includes('email')) return new UniqueViolation('email');
  if (m.includes('login')) return new UniqueViolation('login');
  if (m.includes('user_groups')) return new UniqueViolation('groupName');
  return undefined;
}

function rethrowUnique(err: unknown): never {
  throw uniqueViolation(err) ?? err;
}

/** Account defaults the extension attributes fall back to when filtering (RFC 7644 §3.4.2.2 on the effective value). */
export type DefaultsFor = (tenant: string) => { timezone: string; userType: string };

export function createSqliteUserRepo(db: SqliteDatabase, defaultsFor: DefaultsFor): UserRepo {
  // By usernameKey; where the identity migration left two users with one key, the holder (not flagged) first.
  const byLogin = db.prepare<[string, string], UserRow>(
    'SELECT * FROM users WHERE tenant = ? AND login_key = ? ORDER BY login_conflict IS NOT NULL, id LIMIT 1',
  );
  const byId = db.prepare<[string, number], UserRow>('SELECT * FROM users WHERE tenant = ? AND id = ?');
  const insert = db.prepare(
    `INSERT INTO users (id, tenant, login, email, first_name, last_name, active, role, created_via, password_hash, created_at, updated_at,
                        external_id, display_name, formatted_name, timezone, user_type, login_key, email_key)
     VALUES (MAX(COALESCE((SELECT MAX(id) FROM users), 0), (SELECT MAX(id) FROM user_id_floor)) + 1,
             ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A flagged user whose key changes leaves its conflict (the right of SET reads the old values).
  const replaceStmt = db.prepare(
    `UPDATE users SET login = ?, email = ?, first_name = ?, last_name = ?, display_name = ?, formatted_name = ?, external_id = ?,
            active = ?, timezone = ?, user_type = ?, password_hash = COALESCE(?, password_hash), updated_at = ?,
            login_conflict = CASE WHEN login_key = ? THEN login_conflict END, login_key = ?,
            email_conflict = CASE WHEN email_key = ? THEN email_conflict END, email_key = ?
     WHERE tenant = ? AND id = ? AND deleted_at IS NULL`,
  );
  const clearPassword = db.prepare('UPDATE users SET password_hash = NULL WHERE tenant = ? AND id = ?');
  const replaceTx = db.transaction((tenant: string, id: number, f: Parameters<UserRepo['replace']>[2], now: Date) => {
    const info = replaceStmt.run(
      f.login,
      f.email,
      f.firstName,
      f.lastName,
      f.displayName,
      f.formattedName,
      f.externalId,
      f.active ? 1 : 0,
      f.timezone,
      f.userType,
      f.passwordHash ?? null,
      iso(now),
      usernameKey(f.login),
      usernameKey(f.login),
      emailKey(f.email),
      emailKey(f.email),
      tenant,
      id,
    );
    if (info.changes === 1 && f.passwordHash === null) clearPassword.run(tenant, id);
    return info.changes === 1;
  });

  return {
    async findByLogin(tenant, login) {
      const row = byLogin.get(tenant, usernameKey(login));
      return row ? toUser(row) : undefined;
    },
    async findById(tenant, id) {
      const row = byId.get(tenant, id);
      return row ? toUser(row) : undefined;
    },
    async create(u: NewUser, now) {
      try {
        const info = insert.run(
          u.tenant,
          u.login,
          u.email,
          u.firstName,
          u.lastName,
          u.active === false ? 0 : 1,
          u.role,
          u.createdVia,
          u.passwordHash,
          iso(now),
          iso(now),
          u.externalId ?? null,
          u.displayName ?? '',
          u.formattedName ?? '',
          u.timezone ?? null,
          u.userType ?? null,
          usernameKey(u.login),
          emailKey(u.email),
        );
        return toUser(byId.get(u.tenant, Number(info.lastInsertRowid)) as UserRow);
      } catch (err) {
        rethrowUnique(err);
      }
    },
    async updateProfile(tenant, id, p, now) {
      try {
        const key = emailKey(p.email);
        db.prepare(
          `UPDATE users SET email = ?, first_name = ?, last_name = ?, updated_at = ?,
                  email_conflict = CASE WHEN email_key = ? THEN email_conflict END, email_key = ?
           WHERE tenant = ? AND id = ?`,
        ).run(p.email, p.firstName, p.lastName, iso(now), key, key, tenant, id);
      } catch (err) {
        rethrowUnique(err);
      }
    },
    async touchLogin(tenant, id, now) {
      db.prepare('UPDATE users SET last_login_at = ? WHERE tenant = ? AND id = ?').run(iso(now), tenant, id);
    },
    async setActive(tenant, id, active, now) {
      db.prepare('UPDATE users SET active = ?, updated_at = ? WHERE tenant = ? AND id = ?').run(active ? 1 : 0, iso(now), tenant, id);
    },
    async list(tenant, { trashed = false } = {}) {
      const where = trashed ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
      return db.prepare<[string], UserRow>(`SELECT * FROM users WHERE tenant = ? AND ${where} ORDER BY login`).all(tenant).map(toUser);
    },
    async search(tenant, { filter, startIndex, count }) {
      const cond = filter ? compileFilter(filter, userColumns(defaultsFor(tenant))) : { sql: '1 = 1', params: [] };
      const where = `u.tenant = ? AND u.deleted_at IS NULL AND ${cond.sql}`;
      const params = [tenant, ...cond.params];
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM users u WHERE ${where}`).get(...params) as { n: number }).n;
      const users =
        count > 0
          ? (db
              .prepare(`SELECT u.* FROM users u WHERE ${where} ORDER BY u.id LIMIT ? OFFSET ?`)
              .all(...params, count, startIndex - 1) as UserRow[])
          : [];
      return { total, users: users.map(toUser) };
    },
    async replace(tenant, id, fields, now) {
      try {
        if (!replaceTx(tenant, id, fields, now)) throw new Error(`user ${id} vanished during update`);
      } catch (err) {
        rethrowUnique(err);
      }
      return toUser(byId.get(tenant, id) as UserRow);
    },
    async trash(tenant, id, now) {
      return (
        db
          .prepare('UPDATE users SET deleted_at = ?, updated_at = ? WHERE tenant = ? AND id = ? AND deleted_at IS NULL')
          .run(iso(now), iso(now), tenant, id).changes === 1
      );
    },
    async restore(tenant, id, now) {
      return (
        db
          .prepare('UPDATE users SET deleted_at = NULL, updated_at = ? WHERE tenant = ? AND id = ? AND deleted_at IS NOT NULL')
          .run(iso(now), tenant, id).changes === 1
      );
    },
    async purge(tenant, id) {
      return db.transaction(() => {
        const gone = db.prepare('DELETE FROM users WHERE tenant = ? AND id = ? AND deleted_at IS NOT NULL').run(tenant, id).changes === 1;
        if (gone) db.prepare('UPDATE user_id_floor SET id = ? WHERE id < ?').run(id, id);
        return gone;
      })();
    },
    async identityConflicts() {
      return db
        .prepare<[], UserRow>('SELECT * FROM users WHERE login_conflict IS NOT NULL OR email_conflict IS NOT NULL ORDER BY tenant, id')
        .all()
        .map((r) => ({
          id: r.id,
          scope: r.tenant,
          username: r.login,
          usernameConflict: r.login_conflict,
          emailConflict: r.email_conflict,
        }));
    },
    async existingIds(tenant, ids) {
      if (ids.length === 0) return [];
      const found: number[] = [];
      const one = db.prepare<[string, number], { id: number }>('SELECT id FROM users WHERE tenant = ? AND id = ? AND deleted_at IS NULL');
      for (const id of ids) if (one.get(tenant, id)) found.push(id);
      return found;
    },
  };
}
