import { emailKey, usernameKey } from '@samlbridge/protocol';
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
  // The holder of the key first (a flagged twin only when it is alone).
  const byUsernameKey = db.prepare<[string], Row>(
    'SELECT * FROM users WHERE username_precis_key = ? ORDER BY username_conflict IS NOT NULL, created_at, id LIMIT 1',
  );
  const byEmailKey = db.prepare<[string], Row>(
    'SELECT * FROM users WHERE email_precis_key = ? ORDER BY email_conflict IS NOT NULL, created_at, id LIMIT 1',
  );
  return {
    async insert(u) {
      guarded(() =>
        db
          .prepare(
            `INSERT INTO users (id, username, username_key, username_precis_key, email, email_key, email_precis_key,
                                first_name, last_name, password_hash, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
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
          const precis = (field === 'username' ? usernameKey : emailKey)(value as string);
          // A flagged user renamed to a key of its own leaves the conflict (old values on the right of SET).
          sets.push(
            `${field}_key = ?`,
            `${field}_precis_key = ?`,
            `${field}_conflict = CASE WHEN ${field}_precis_key = ? THEN ${field}_conflict END`,
          );
          values.push(key(value as string), precis, precis);
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
      const row = byUsernameKey.get(usernameKey(username));
      return row && toRecord(row);
    },
    async findByEmail(email) {
      const row = byEmailKey.get(emailKey(email));
      return row && toRecord(row);
    },
    async identityConflicts() {
      return db
        .prepare<[], Row & { username_conflict: string | null; email_conflict: string | null }>(
          'SELECT * FROM users WHERE username_conflict IS NOT NULL OR email_conflict IS NOT NULL ORDER BY created_at, id',
        )
        .all()
        .map((r) => ({
          id: r.id,
          scope: '',
          username: r.username,
          usernameConflict: r.username_conflict,
          emailConflict: r.email_conflict,
        }));
    },
    async list({ limit, offset, search }: ListOptions) {
      const like = `LIKE ? ${LIKE_ESCAPE_SQL}`;
      const where = search
        ? `WHERE username_precis_key ${like} OR email_precis_key ${like} OR lower(first_name || ' ' || last_name) ${like}`
        : '';
      const pattern = search ? containsPattern(usernameKey(search)) : '';
      const params = search ? [pattern, pattern, pattern] : [];
      const rows = db
        .prepare<unknown[], Row>(`SELECT * FROM users ${where} ORDER BY username_precis_key, id LIMIT ? OFFSET ?`)
        .all(...params, limit, offset);
      const total = (db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM users ${where}`).get(...params) as { n: number }).n;
      return { items: rows.map(toUser), total, limit, offset };
    },
  };
}
