import { emailKey, usernameKey } from '@samlbridge/protocol';
import type { PgQueryable } from '@samlbridge/web';
import type { User, UserRecord } from '../../domain.js';
import { containsPattern, LIKE_ESCAPE_SQL } from '../like.js';
import type { UserPatch, UserRepository } from '../types.js';
import { C, count, guarded, key, setClause } from './util.js';

interface Row {
  id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string | null;
  status: 'active' | 'suspended';
  created_at: Date;
  updated_at: Date;
}

function toRecord(r: Row): UserRecord {
  return {
    id: r.id,
    username: r.username,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    passwordHash: r.password_hash,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toUser(r: Row): User {
  const { passwordHash: _omit, ...user } = toRecord(r);
  return user;
}

const same = (v: unknown) => v;
const COLUMNS: Record<keyof UserPatch, [string, (v: never) => unknown]> = {
  username: ['username', same],
  email: ['email', same],
  firstName: ['first_name', same],
  lastName: ['last_name', same],
  status: ['status', same],
  passwordHash: ['password_hash', same],
};
/** The key columns follow their field (the old NFC + lower-case key and the identity key). */
const KEY_COLUMNS: Record<string, [string, (v: string) => unknown]> = {
  username: ['username_key', key],
  email: ['email_key', key],
};
const PRECIS_COLUMNS: Record<string, [string, (v: string) => unknown]> = {
  username: ['username_precis_key', usernameKey],
  email: ['email_precis_key', emailKey],
};

/** A flagged user renamed to a key of its own leaves the conflict (old values on the right of SET). */
function conflictClause(patch: Record<string, unknown>, values: unknown[]): string[] {
  const sets: string[] = [];
  for (const field of ['username', 'email'] as const) {
    const value = patch[field];
    if (typeof value !== 'string') continue;
    values.push((field === 'username' ? usernameKey : emailKey)(value));
    sets.push(`${field}_conflict = CASE WHEN ${field}_precis_key = $${values.length} THEN ${field}_conflict END`);
  }
  return sets;
}

export function postgresUsers(db: PgQueryable): UserRepository {
  return {
    async insert(u) {
      await guarded(() =>
        db.query(
          `INSERT INTO users (id, username, username_key, username_precis_key, email, email_key, email_precis_key,
                              first_name, last_name, password_hash, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            u.id,
            u.username,
            key(u.username),
            usernameKey(u.username),
            u.email,
            key(u.email),
            emailKey(u.email),
            u.firstName,
            u.lastName,
            u.passwordHash,
            u.status,
            u.createdAt,
            u.updatedAt,
          ],
        ),
      );
    },
    async update(id, patch, updatedAt) {
      const values: unknown[] = [];
      const sets = [
        ...setClause(patch, COLUMNS, values),
        ...setClause(patch, KEY_COLUMNS, values),
        ...setClause(patch, PRECIS_COLUMNS, values),
        ...conflictClause(patch, values),
      ];
      values.push(updatedAt);
      sets.push(`updated_at = $${values.length}`);
      values.push(id);
      const { rows } = await guarded(() =>
        db.query<Row>(`UPDATE users SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`, values),
      );
      return rows[0] && toRecord(rows[0]);
    },
    async delete(id) {
      return ((await db.query('DELETE FROM users WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async get(id) {
      const { rows } = await db.query<Row>('SELECT * FROM users WHERE id = $1', [id]);
      return rows[0] && toRecord(rows[0]);
    },
    // The holder of the key first (a flagged twin only when it is alone).
    async findByUsername(username) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM users WHERE username_precis_key = $1 ORDER BY username_conflict IS NOT NULL, created_at, id ${C} LIMIT 1`,
        [usernameKey(username)],
      );
      return rows[0] && toRecord(rows[0]);
    },
    async findByEmail(email) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM users WHERE email_precis_key = $1 ORDER BY email_conflict IS NOT NULL, created_at, id ${C} LIMIT 1`,
        [emailKey(email)],
      );
      return rows[0] && toRecord(rows[0]);
    },
    async identityConflicts() {
      const { rows } = await db.query<Row & { username_conflict: string | null; email_conflict: string | null }>(
        `SELECT * FROM users WHERE username_conflict IS NOT NULL OR email_conflict IS NOT NULL ORDER BY created_at, id ${C}`,
      );
      return rows.map((r) => ({
        id: r.id,
        scope: '',
        username: r.username,
        usernameConflict: r.username_conflict,
        emailConflict: r.email_conflict,
      }));
    },
    async list({ limit, offset, search }) {
      const like = `LIKE $1 ${LIKE_ESCAPE_SQL}`;
      const where = search
        ? `WHERE username_precis_key ${like} OR email_precis_key ${like} OR lower(first_name || ' ' || last_name) ${like}`
        : '';
      const params = search ? [containsPattern(usernameKey(search))] : [];
      const n = params.length;
      const { rows } = await db.query<Row>(
        `SELECT * FROM users ${where} ORDER BY username_precis_key ${C}, id ${C} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, limit, offset],
      );
      const total = await count(db, `SELECT COUNT(*) AS n FROM users ${where}`, params);
      return { items: rows.map(toUser), total, limit, offset };
    },
  };
}
