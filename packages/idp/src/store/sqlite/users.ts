import type { SqliteDatabase } from '@samlbridge/web';
import type { User, UserRecord } from '../../domain.js';
import { containsPattern, LIKE_ESCAPE_SQL } from '../like.js';
import type { ListOptions, UserPatch, UserRepository } from '../types.js';
import { date, guarded, iso, key } from './util.js';

interface Row {
  id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string | null;
  status: 'active' | 'suspended';
  created_at: string;
  updated_at: string;
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
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toUser(r: Row): User {
  const { passwordHash: _omit, ...user } = toRecord(r);
  return user;
}

const COLUMNS: Record<keyof UserPatch, string> = {
  username: 'username',
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  status: 'status',
  passwordHash: 'password_hash',
};

export function sqliteUsers(db: SqliteDatabase): UserRepository {
  const byId = db.prepare<[string], Row>('SELECT * FROM users WHERE id = ?');
  return {
    async insert(u) {
      guarded(() =>
        db
          .prepare(
            `INSERT INTO users (id, username, username_key, email, email_key, first_name, last_name, password_hash, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            u.id,
            u.username,
            key(u.username),
            u.email,
            key(u.email),
            u.firstName,
            u.lastName,
            u.passwordHash,
            u.status,
            iso(u.createdAt),
            iso(u.updatedAt),
          ),
      );
    },
    async update(id, patch, updatedAt) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [field, value] of Object.entries(patch) as [keyof UserPatch, unknown][]) {
        if (value === undefined) continue;
        sets.push(`${COLUMNS[field]} = ?`);
        values.push(value);
        if (field === 'username' || field === 'email') {
          sets.push(`${field}_key = ?`);
          values.push(key(value as string));
        }
      }
      sets.push('updated_at = ?');
      values.push(iso(updatedAt));
      const result = guarded(() => db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id));
      if (result.changes === 0) return undefined;
      const row = byId.get(id);
      return row && toRecord(row);
    },
    async delete(id) {
      return db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
    },
    async get(id) {
      const row = byId.get(id);
      return row && toRecord(row);
    },
    async findByUsername(username) {
      const row = db.prepare<[string], Row>('SELECT * FROM users WHERE username_key = ?').get(key(username));
      return row && toRecord(row);
    },
    async findByEmail(email) {
      const row = db.prepare<[string], Row>('SELECT * FROM users WHERE email_key = ?').get(key(email));
      return row && toRecord(row);
    },
    async list({ limit, offset, search }: ListOptions) {
      const like = `LIKE ? ${LIKE_ESCAPE_SQL}`;
      const where = search ? `WHERE username_key ${like} OR email_key ${like} OR lower(first_name || ' ' || last_name) ${like}` : '';
      const params = search ? [containsPattern(search), containsPattern(search), containsPattern(search)] : [];
      const rows = db
        .prepare<unknown[], Row>(`SELECT * FROM users ${where} ORDER BY username_key LIMIT ? OFFSET ?`)
        .all(...params, limit, offset);
      const total = (db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM users ${where}`).get(...params) as { n: number }).n;
      return { items: rows.map(toUser), total, limit, offset };
    },
  };
}
