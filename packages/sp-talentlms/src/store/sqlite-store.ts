// SQLite implementation of the SP Store (better-sqlite3 via web's openSqlite). Plain, portable SQL:
// TEXT ISO-8601 instants, INTEGER booleans, ON CONFLICT DO NOTHING for insert-if-absent.
import type { SessionRecord } from '@samlbridge/web';
import { openSqlite } from '@samlbridge/web';
import type { SsoSettings } from '../sso/settings.js';
import type { AuditEvent, LmsUser, NewUser, Store } from './types.js';

const MIGRATIONS = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     tenant TEXT NOT NULL,
     login TEXT NOT NULL,
     email TEXT NOT NULL,
     first_name TEXT NOT NULL,
     last_name TEXT NOT NULL,
     active INTEGER NOT NULL,
     role TEXT NOT NULL,
     created_via TEXT NOT NULL,
     password_hash TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     last_login_at TEXT,
     UNIQUE (tenant, login)
   );
   CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at TEXT NOT NULL);
   CREATE TABLE sso_settings (tenant TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE TABLE pending_requests (tenant TEXT NOT NULL, id TEXT NOT NULL, expires_at TEXT NOT NULL, PRIMARY KEY (tenant, id));
   CREATE TABLE replay_cache (tenant TEXT NOT NULL, assertion_id TEXT NOT NULL, expires_at TEXT NOT NULL, PRIMARY KEY (tenant, assertion_id));
   CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     tenant TEXT NOT NULL,
     type TEXT NOT NULL,
     time TEXT NOT NULL,
     success INTEGER NOT NULL,
     reason TEXT,
     user_login TEXT,
     detail TEXT
   );
   CREATE INDEX events_by_tenant_time ON events (tenant, time);`,
];

interface UserRow {
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
}

interface EventRow {
  id: number;
  tenant: string;
  type: string;
  time: string;
  success: number;
  reason: string | null;
  user_login: string | null;
  detail: string | null;
}

const iso = (d: Date) => d.toISOString();

function toUser(r: UserRow): LmsUser {
  return {
    id: r.id,
    tenant: r.tenant,
    login: r.login,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    active: r.active === 1,
    role: r.role === 'superadmin' ? 'superadmin' : 'learner',
    createdVia: r.created_via === 'local' ? 'local' : 'sso',
    passwordHash: r.password_hash,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at) : null,
  };
}

function toEvent(r: EventRow): AuditEvent {
  return {
    id: r.id,
    tenant: r.tenant,
    type: r.type,
    time: new Date(r.time),
    success: r.success === 1,
    reason: r.reason,
    user: r.user_login,
    detail: r.detail,
  };
}

/** Opens (and migrates) the SQLite database at `file` (`:memory:` for throwaway stores). */
export function createSqliteStore(file: string): Store {
  const db = openSqlite(file, MIGRATIONS);
  const userByLogin = db.prepare<[string, string], UserRow>('SELECT * FROM users WHERE tenant = ? AND login = ?');
  const userById = db.prepare<[string, number], UserRow>('SELECT * FROM users WHERE tenant = ? AND id = ?');

  return {
    users: {
      async findByLogin(tenant, login) {
        const row = userByLogin.get(tenant, login);
        return row ? toUser(row) : undefined;
      },
      async findById(tenant, id) {
        const row = userById.get(tenant, id);
        return row ? toUser(row) : undefined;
      },
      async create(u: NewUser, now) {
        const info = db
          .prepare(
            `INSERT INTO users (tenant, login, email, first_name, last_name, active, role, created_via, password_hash, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
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
          );
        return toUser(userById.get(u.tenant, Number(info.lastInsertRowid)) as UserRow);
      },
      async updateProfile(tenant, id, p, now) {
        db.prepare('UPDATE users SET email = ?, first_name = ?, last_name = ?, updated_at = ? WHERE tenant = ? AND id = ?').run(
          p.email,
          p.firstName,
          p.lastName,
          iso(now),
          tenant,
          id,
        );
      },
      async touchLogin(tenant, id, now) {
        db.prepare('UPDATE users SET last_login_at = ? WHERE tenant = ? AND id = ?').run(iso(now), tenant, id);
      },
      async setActive(tenant, id, active, now) {
        db.prepare('UPDATE users SET active = ?, updated_at = ? WHERE tenant = ? AND id = ?').run(active ? 1 : 0, iso(now), tenant, id);
      },
      async list(tenant) {
        return db.prepare<[string], UserRow>('SELECT * FROM users WHERE tenant = ? ORDER BY login').all(tenant).map(toUser);
      },
    },

    sessions: {
      async getSession(idHash) {
        const row = db
          .prepare<[string], { data: string; expires_at: string }>('SELECT data, expires_at FROM sessions WHERE id_hash = ?')
          .get(idHash);
        return row ? { idHash, data: JSON.parse(row.data) as Record<string, unknown>, expiresAt: new Date(row.expires_at) } : undefined;
      },
      async putSession(r: SessionRecord) {
        db.prepare(
          'INSERT INTO sessions (id_hash, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
        ).run(r.idHash, JSON.stringify(r.data), iso(r.expiresAt));
      },
      async deleteSession(idHash) {
        db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
      },
    },

    settings: {
      async get(tenant) {
        const row = db.prepare<[string], { data: string }>('SELECT data FROM sso_settings WHERE tenant = ?').get(tenant);
        return row ? (JSON.parse(row.data) as SsoSettings) : undefined;
      },
      async put(tenant, settings, now) {
        db.prepare(
          'INSERT INTO sso_settings (tenant, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
        ).run(tenant, JSON.stringify(settings), iso(now));
      },
    },

    pendingRequests: {
      async add(tenant, id, expiresAt) {
        db.prepare('INSERT INTO pending_requests (tenant, id, expires_at) VALUES (?, ?, ?)').run(tenant, id, iso(expiresAt));
      },
      async consume(tenant, id, now) {
        db.prepare('DELETE FROM pending_requests WHERE expires_at <= ?').run(iso(now));
        return (
          db.prepare('DELETE FROM pending_requests WHERE tenant = ? AND id = ? AND expires_at > ?').run(tenant, id, iso(now)).changes === 1
        );
      },
    },

    replay: {
      async remember(tenant, assertionId, expiresAt, now) {
        db.prepare('DELETE FROM replay_cache WHERE expires_at <= ?').run(iso(now));
        return (
          db
            .prepare(
              'INSERT INTO replay_cache (tenant, assertion_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (tenant, assertion_id) DO NOTHING',
            )
            .run(tenant, assertionId, iso(expiresAt)).changes === 1
        );
      },
    },

    events: {
      async add(e) {
        db.prepare('INSERT INTO events (tenant, type, time, success, reason, user_login, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          e.tenant,
          e.type,
          iso(e.time),
          e.success ? 1 : 0,
          e.reason,
          e.user,
          e.detail,
        );
      },
      async list(tenant, { limit }) {
        return db
          .prepare<[string, number], EventRow>('SELECT * FROM events WHERE tenant = ? ORDER BY id DESC LIMIT ?')
          .all(tenant, limit)
          .map(toEvent);
      },
    },

    async close() {
      db.close();
    },
  };
}
