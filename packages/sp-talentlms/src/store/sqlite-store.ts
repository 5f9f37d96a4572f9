// SQLite implementation of the SP Store (better-sqlite3 via web's openSqlite). Plain, portable SQL:
// TEXT ISO-8601 instants, INTEGER booleans, ON CONFLICT DO NOTHING for insert-if-absent.
import {
  type OpenSqliteOptions,
  openSqlite,
  type SqliteMigration,
  sqliteSessionStore,
  sqliteThrottleStore,
  THROTTLE_MIGRATION,
} from '@samlbridge/web';
import type { SsoSettings } from '../sso/settings.js';
import { createSqliteGroupRepo } from './sqlite-groups.js';
import { identityKeysMigration } from './sqlite-identity-keys-migration.js';
import { createSqliteUserRepo } from './sqlite-users.js';
import { ACCOUNT_DEFAULTS, type AuditEvent, type Store } from './types.js';

/** Numbered in order; a database made by any released version upgrades in place. Append only (exported for the upgrade tests). */
export const MIGRATIONS: readonly SqliteMigration[] = [
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
  // 2: SCIM (issue 4): user attributes, trash, case-insensitive uniqueness, groups, account settings, rate limits.
  `ALTER TABLE users ADD COLUMN external_id TEXT;
   ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
   ALTER TABLE users ADD COLUMN formatted_name TEXT NOT NULL DEFAULT '';
   ALTER TABLE users ADD COLUMN timezone TEXT;
   ALTER TABLE users ADD COLUMN user_type TEXT;
   ALTER TABLE users ADD COLUMN deleted_at TEXT;
   CREATE UNIQUE INDEX users_login_ci ON users (tenant, LOWER(login));
   CREATE UNIQUE INDEX users_email_ci ON users (tenant, LOWER(email)) WHERE email <> '';
   CREATE INDEX users_external_id ON users (tenant, external_id);
   CREATE TABLE user_groups (
     id INTEGER PRIMARY KEY,
     tenant TEXT NOT NULL,
     display_name TEXT NOT NULL,
     external_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE UNIQUE INDEX user_groups_name_ci ON user_groups (tenant, LOWER(display_name));
   CREATE TABLE group_members (
     group_id INTEGER NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
     user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     PRIMARY KEY (group_id, user_id)
   );
   CREATE INDEX group_members_by_user ON group_members (user_id);
   CREATE TABLE account_settings (
     tenant TEXT PRIMARY KEY,
     timezone TEXT NOT NULL,
     scim_enabled INTEGER NOT NULL,
     scim_token_hash TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE rate_limits (key TEXT NOT NULL, window_start TEXT NOT NULL, hits INTEGER NOT NULL, PRIMARY KEY (key, window_start));`,
  // issue 6: login throttling / lockout counters (web's THROTTLE_MIGRATION). Append new migrations after this one.
  THROTTLE_MIGRATION,
  // 4 (issue 4): user IDs are never reused after a permanent delete (a SCIM client may still hold the old ID).
  // users has no AUTOINCREMENT, so the highest purged ID is kept here and new IDs start above it.
  `CREATE TABLE user_id_floor (id INTEGER NOT NULL);
   INSERT INTO user_id_floor (id) VALUES (0);`,
  // Account origin: created_via (local | sso | scim) decides whether SSO may sign in as an account. Every Super
  // Admin row is a local account, whatever an older row says; other rows keep their origin.
  `UPDATE users SET created_via = 'local' WHERE role = 'superadmin' AND created_via <> 'local';`,
  // Logins and emails keyed by the Unicode identity rule (new key columns, conflicts flagged, not merged).
  identityKeysMigration,
  // Group IDs are never given again after a delete either (RFC 7643 §3.1): like user_id_floor, the highest
  // deleted group ID is kept here and new IDs start above it.
  `CREATE TABLE group_id_floor (id INTEGER NOT NULL);
   INSERT INTO group_id_floor (id) VALUES (0);`,
];

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
export function createSqliteStore(file: string, options: OpenSqliteOptions = {}): Store {
  const db = openSqlite(file, MIGRATIONS, options);
  const accountRow = db.prepare<[string], { timezone: string; scim_enabled: number; scim_token_hash: string | null }>(
    'SELECT timezone, scim_enabled, scim_token_hash FROM account_settings WHERE tenant = ?',
  );
  const defaultsFor = (tenant: string) => ({
    timezone: accountRow.get(tenant)?.timezone ?? ACCOUNT_DEFAULTS.timezone,
    userType: ACCOUNT_DEFAULTS.userType,
  });
  const hitStmt = db.prepare<[string, string], { hits: number }>(
    'INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1) ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits',
  );

  return {
    users: createSqliteUserRepo(db, defaultsFor),
    groups: createSqliteGroupRepo(db),

    account: {
      async get(tenant) {
        const row = accountRow.get(tenant);
        return row ? { timezone: row.timezone, scimEnabled: row.scim_enabled === 1, scimTokenHash: row.scim_token_hash } : undefined;
      },
      async put(tenant, a, now) {
        db.prepare(
          `INSERT INTO account_settings (tenant, timezone, scim_enabled, scim_token_hash, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (tenant) DO UPDATE SET timezone = excluded.timezone, scim_enabled = excluded.scim_enabled,
             scim_token_hash = excluded.scim_token_hash, updated_at = excluded.updated_at`,
        ).run(tenant, a.timezone, a.scimEnabled ? 1 : 0, a.scimTokenHash, iso(now));
      },
    },

    rateLimits: {
      async hit(key, windowStart) {
        const w = iso(windowStart);
        const hits = (hitStmt.get(key, w) as { hits: number }).hits;
        if (hits === 1) db.prepare('DELETE FROM rate_limits WHERE key = ? AND window_start < ?').run(key, w);
        return hits;
      },
    },

    sessions: sqliteSessionStore(db),

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

    loginThrottle: sqliteThrottleStore(db),
    async close() {
      db.close();
    },
  };
}
