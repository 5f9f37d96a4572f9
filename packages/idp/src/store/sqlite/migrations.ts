import { type SqliteMigration, THROTTLE_MIGRATION } from '@samlbridge/web';
import { identityKeysMigration } from './identity-keys-migration.js';
import { provisioningMigrations } from './migrations-provisioning.js';
import { pendingPasswordsMigration } from './pending-passwords.js';
import { requestSigningMigration } from './request-signing.js';

// Numbered schema migrations (applied once each by web's openSqlite). Portable SQL: TEXT, INTEGER,
// ISO-8601 timestamps as TEXT, JSON as TEXT, so the PostgreSQL store can share the shape.
export const migrations: readonly SqliteMigration[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    password_hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE user_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX group_members_user ON group_members(user_id);
  CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    display_label TEXT NOT NULL,
    description TEXT NOT NULL,
    idp_entity_id TEXT,
    sp_entity_id TEXT NOT NULL,
    acs_urls TEXT NOT NULL,
    default_relay_state TEXT NOT NULL,
    name_id_source TEXT NOT NULL,
    name_id_format TEXT NOT NULL,
    signing TEXT NOT NULL,
    signature_algorithm TEXT NOT NULL,
    attribute_names TEXT NOT NULL,
    sso_active INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE group_bindings (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, application_id)
  );
  CREATE INDEX group_bindings_application ON group_bindings(application_id);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE login_flows (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    request TEXT,
    relay_state TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    time TEXT NOT NULL,
    type TEXT NOT NULL,
    initiator TEXT NOT NULL,
    user_id TEXT,
    username TEXT,
    resource TEXT,
    application TEXT,
    success INTEGER NOT NULL,
    reason TEXT,
    detail TEXT NOT NULL
  );
  CREATE INDEX events_time ON events(time);
  CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 2 — issue 3: catalog, bookmark apps, portal image, console visibility, attribute mappings
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
  // 3 — issue 4: provisioning (outbox, links, IdM integrations, notifications).
  ...provisioningMigrations,
  // issue 6: login throttling counters, per-application signed-AuthnRequest settings. Keep these LAST.
  THROTTLE_MIGRATION,
  requestSigningMigration,
  // AuthnRequest IDs already accepted, per application, until IssueInstant + max age + skew (one answer per request).
  `
  CREATE TABLE authn_request_ids (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    request_key TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (application_id, request_key)
  );
  CREATE INDEX authn_request_ids_expiry ON authn_request_ids(expires_at);
  `,
  // Usernames and emails keyed by the Unicode identity rule (new key columns, conflicts flagged, not merged).
  identityKeysMigration,
  // Passwords held sealed for a user's first SCIM create (provisioning the password set at creation).
  pendingPasswordsMigration,
];
