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
/** The case-insensitive key columns follow their field. */
const KEY_COLUMNS: Record<string, [string, (v: string) => unknown]> = {
  username: ['username_key', key],
  email: ['email_key', key],
};

export function postgresUsers(db: PgQueryable): UserRepository {
  return {
    async insert(u) {
      await guarded(() =>
        db.query(
          `INSERT INTO users (id, username, username_key, email, email_key, first_name, last_name, password_hash, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            u.id,
            u.username,
            key(u.username),
            u.email,
            key(u.email),
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
      const sets = [...setClause(patch, COLUMNS, values), ...setClause(patch, KEY_COLUMNS, values)];
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
    async findByUsername(username) {
      const { rows } = await db.query<Row>('SELECT * FROM users WHERE username_key = $1', [key(username)]);
      return rows[0] && toRecord(rows[0]);
    },
    async findByEmail(email) {
      const { rows } = await db.query<Row>('SELECT * FROM users WHERE email_key = $1', [key(email)]);
      return rows[0] && toRecord(rows[0]);
    },
    async list({ limit, offset, search }) {
      const like = `LIKE $1 ${LIKE_ESCAPE_SQL}`;
      const where = search ? `WHERE username_key ${like} OR email_key ${like} OR lower(first_name || ' ' || last_name) ${like}` : '';
      const params = search ? [containsPattern(search)] : [];
      const n = params.length;
      const { rows } = await db.query<Row>(`SELECT * FROM users ${where} ORDER BY username_key ${C} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        limit,
        offset,
      ]);
      const total = await count(db, `SELECT COUNT(*) AS n FROM users ${where}`, params);
      return { items: rows.map(toUser), total, limit, offset };
    },
  };
}
