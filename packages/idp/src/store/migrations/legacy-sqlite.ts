// FROZEN: the SQLite migration list of the releases before the named migrations (PRAGMA user_version i+1 after
// step i), kept verbatim so a database made by any of them upgrades in place. Never edit; the named list
// (./index.ts) runs the missing steps of this list as its first step, then goes on.
import { planIdentityKeys, type SqliteMigration } from '@samlbridge/web';

/** web's THROTTLE_MIGRATION as released (copied so this list never changes with web). */
const THROTTLE_MIGRATION = `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    locked_until TEXT
  );
`;

const requestSigningMigration = `
  CREATE TABLE application_request_signing (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    require_signed_requests INTEGER NOT NULL DEFAULT 0,
    sp_certificate_pem TEXT NOT NULL DEFAULT '',
    allow_sha1 INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
`;

const pendingPasswordsMigration = `
  CREATE TABLE pending_passwords (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX pending_passwords_expiry ON pending_passwords(expires_at);
  `;

const provisioningMigrations: readonly string[] = [
  `
  CREATE TABLE idm_integrations (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    base_url TEXT NOT NULL,
    token_ciphertext TEXT NOT NULL,
    active INTEGER NOT NULL,
    delete_on_idp_delete INTEGER NOT NULL,
    import_schedule TEXT NOT NULL,
    last_import_at TEXT,
    verified_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE provisioning_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX provisioning_outbox_queue ON provisioning_outbox(status, seq);
  CREATE INDEX provisioning_outbox_subject ON provisioning_outbox(application_id, subject, status, seq);
  CREATE TABLE provisioning_links (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    local_id TEXT NOT NULL,
    remote_id TEXT,
    remote_name TEXT NOT NULL,
    state TEXT NOT NULL,
    remote_members TEXT NOT NULL,
    last_action TEXT,
    last_success INTEGER,
    last_status INTEGER,
    last_error TEXT,
    last_attempt_at TEXT,
    PRIMARY KEY (application_id, kind, local_id)
  );
  CREATE INDEX provisioning_links_remote ON provisioning_links(application_id, kind, remote_id);
  CREATE TABLE portal_notifications (
    id TEXT PRIMARY KEY,
    time TEXT NOT NULL,
    application_id TEXT,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    read INTEGER NOT NULL
  );
  CREATE INDEX portal_notifications_time ON portal_notifications(time);
  `,
];

/**
 * Usernames and emails compared by the Unicode rule of @samlbridge/protocol (usernameKey / emailKey,
 * RFC 8265 §3.3) instead of NFC + lower-case: new key columns filled in TypeScript, unique per key
 * among users not flagged. Users whose new key an earlier user already holds are flagged in
 * `username_conflict` / `email_conflict` and left out of that index (reported at every start until
 * renamed). The old `username_key` / `email_key` columns stay (SQLite cannot drop their UNIQUE in
 * place) and keep the old key.
 */
const identityKeysMigration: SqliteMigration = (db) => {
  db.exec(`
    ALTER TABLE users ADD COLUMN username_precis_key TEXT;
    ALTER TABLE users ADD COLUMN email_precis_key TEXT;
    ALTER TABLE users ADD COLUMN username_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const rows = db
    .prepare<[], { id: string; username: string; email: string }>('SELECT id, username, email FROM users ORDER BY created_at, id')
    .all();
  const set = db.prepare(
    'UPDATE users SET username_precis_key = ?, email_precis_key = ?, username_conflict = ?, email_conflict = ? WHERE id = ?',
  );
  for (const p of planIdentityKeys(rows.map((r) => ({ ...r, scope: '' })))) {
    set.run(p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id);
  }
  db.exec(`
    CREATE UNIQUE INDEX users_username_precis_key ON users (username_precis_key) WHERE username_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_precis_key ON users (email_precis_key) WHERE email_conflict IS NULL;
  `);
};

// Numbered schema migrations (applied once each by web's openSqlite). Portable SQL: TEXT, INTEGER,
// ISO-8601 timestamps as TEXT, JSON as TEXT, so the PostgreSQL store can share the shape.
export const legacySqliteMigrations: readonly SqliteMigration[] = [
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
  // 3 — provisioning (outbox, links, IdM integrations, notifications).
  ...provisioningMigrations,
  // login throttling counters, per-application signed-AuthnRequest settings. Keep these LAST.
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
