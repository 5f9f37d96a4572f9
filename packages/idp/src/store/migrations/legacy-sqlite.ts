// FROZEN: the SQLite migration list of the releases before the named migrations (PRAGMA user_version i+1 after
// step i), each step the SQL it ran (legacy-steps.ts), so a database made by any of them upgrades in place.
// Never edit; the named list (./index.ts) runs the missing steps of this list as its first step, then goes on.
import { legacyThrottleTable, type SqliteMigration, LEGACY_SQLITE as T } from '@samlbridge/web';
import { authnRequestIds, directory, identityKeys, pendingPasswords, provisioning, requestSigning } from './legacy-steps.js';

export const legacySqliteMigrations: readonly SqliteMigration[] = [
  directory(T),
  // 2 — catalog, bookmark apps, portal image, console visibility, attribute mappings
  // (attribute_names now holds the JSON list of mappings; the old {username: "Username", …} object
  // is still read), group attribute; rename groups.
  `
  ALTER TABLE applications ADD COLUMN kind TEXT NOT NULL DEFAULT 'saml';
  ALTER TABLE applications ADD COLUMN catalog_id TEXT NOT NULL DEFAULT 'custom-saml';
  ALTER TABLE applications ADD COLUMN group_attribute TEXT;
  ALTER TABLE applications ADD COLUMN bookmark_url TEXT;
  ALTER TABLE applications ADD COLUMN image TEXT;
  ALTER TABLE applications ADD COLUMN show_in_console INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX group_bindings_group ON group_bindings(group_id);
  `,
  provisioning(T),
  legacyThrottleTable(T),
  requestSigning(T),
  authnRequestIds(T),
  identityKeys(T).sqlite,
  pendingPasswords(T),
];
