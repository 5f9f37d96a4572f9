// FROZEN: the SQLite migrations of every release before the Kysely store, each the SQL it ran (legacy-steps.ts;
// numbered by `PRAGMA user_version`: entry i is version i+1). Never edit or append: the first named migration
// (2026-12-03-001-legacy-schema) runs the ones a database lacks; later changes are named migrations.
import { legacyThrottleTable, type SqliteMigration, LEGACY_SQLITE as T } from '@samlbridge/web';
import { accountOrigin, identityKeys, scimTables, ssoTables, userIndexes } from './legacy-steps.js';

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
   ${ssoTables(T)}`,
  // 2: SCIM: user attributes, trash, case-insensitive uniqueness, groups, account settings, rate limits.
  `ALTER TABLE users ADD COLUMN external_id TEXT;
   ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
   ALTER TABLE users ADD COLUMN formatted_name TEXT NOT NULL DEFAULT '';
   ALTER TABLE users ADD COLUMN timezone TEXT;
   ALTER TABLE users ADD COLUMN user_type TEXT;
   ALTER TABLE users ADD COLUMN deleted_at TEXT;
   ${userIndexes}
   ${scimTables(T)}`,
  legacyThrottleTable(T),
  // 4: user IDs are never reused after a permanent delete (a SCIM client may still hold the old ID).
  // users has no AUTOINCREMENT, so the highest purged ID is kept here and new IDs start above it.
  `CREATE TABLE user_id_floor (id INTEGER NOT NULL);
   INSERT INTO user_id_floor (id) VALUES (0);`,
  accountOrigin,
  identityKeys(T).sqlite,
  // Group IDs are never given again after a delete either (RFC 7643 §3.1): like user_id_floor, the highest
  // deleted group ID is kept here and new IDs start above it.
  `CREATE TABLE group_id_floor (id INTEGER NOT NULL);
   INSERT INTO group_id_floor (id) VALUES (0);`,
];
