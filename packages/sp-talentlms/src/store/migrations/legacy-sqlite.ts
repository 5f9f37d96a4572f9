// FROZEN: the SQLite migrations of every release before the Kysely store, verbatim (numbered by
// `PRAGMA user_version`: entry i is version i+1). Never edit or append: the first named migration
// (2026-12-03-001-legacy-schema) runs the ones a database lacks; later changes are named migrations.
import { planIdentityKeys, type SqliteMigration } from '@samlbridge/web';

/**
 * Logins and emails compared by the Unicode rule of @samlbridge/protocol (usernameKey / emailKey,
 * RFC 8265 §3.3) instead of SQL LOWER() (ASCII only): `login_key` / `email_key` filled in TypeScript,
 * unique per tenant among users not flagged (replacing users_login_ci / users_email_ci). A user whose
 * key an earlier user of the tenant already holds is flagged in `login_conflict` / `email_conflict`
 * and left out of that index (reported at every start until renamed); nothing is merged or deleted.
 */
const identityKeysMigration: SqliteMigration = (db) => {
  db.exec(`
    ALTER TABLE users ADD COLUMN login_key TEXT;
    ALTER TABLE users ADD COLUMN email_key TEXT;
    ALTER TABLE users ADD COLUMN login_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const rows = db
    .prepare<[], { id: number; tenant: string; login: string; email: string }>(
      'SELECT id, tenant, login, email FROM users ORDER BY created_at, id',
    )
    .all();
  const set = db.prepare('UPDATE users SET login_key = ?, email_key = ?, login_conflict = ?, email_conflict = ? WHERE id = ?');
  for (const p of planIdentityKeys(rows.map((r) => ({ id: r.id, scope: r.tenant, username: r.login, email: r.email })))) {
    set.run(p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id);
  }
  db.exec(`
    DROP INDEX users_login_ci;
    DROP INDEX users_email_ci;
    CREATE UNIQUE INDEX users_login_key ON users (tenant, login_key) WHERE login_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_key ON users (tenant, email_key) WHERE email_key <> '' AND email_conflict IS NULL;
    CREATE INDEX users_login_key_lookup ON users (tenant, login_key);
  `);
};

export const LEGACY_SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
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
  // 2: SCIM: user attributes, trash, case-insensitive uniqueness, groups, account settings, rate limits.
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
  // login throttling / lockout counters (web's THROTTLE_MIGRATION, inlined).
  `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    locked_until TEXT
  );
`,
  // 4: user IDs are never reused after a permanent delete (a SCIM client may still hold the old ID).
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
