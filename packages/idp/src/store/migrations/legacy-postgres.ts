// FROZEN: the PostgreSQL migration list of the releases before the named migrations (schema_migrations rows
// (component 'idp', version i+1) after step i), kept verbatim so a database made by any of them upgrades in
// place. Never edit; the named list (./index.ts) runs the missing steps of this list as its first step.
// Same tables and columns as the SQLite list; native types where PostgreSQL has them: TIMESTAMPTZ, BOOLEAN, JSONB.
import { type PostgresMigration, planIdentityKeys } from '@samlbridge/web';

/** web's POSTGRES_THROTTLE_MIGRATION as released (copied so this list never changes with web). */
const POSTGRES_THROTTLE_MIGRATION = `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
  );
`;

const pendingPasswordsMigration = `
  CREATE TABLE pending_passwords (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX pending_passwords_expiry ON pending_passwords(expires_at);
  `;

/** The PostgreSQL twin of the SQLite identity-key step (legacy-sqlite.ts) (same columns, flags and partial unique indexes). */
const identityKeysMigration: PostgresMigration = async (db) => {
  await db.query(`
    ALTER TABLE users ADD COLUMN username_precis_key TEXT;
    ALTER TABLE users ADD COLUMN email_precis_key TEXT;
    ALTER TABLE users ADD COLUMN username_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const { rows } = await db.query<{ id: string; username: string; email: string }>(
    'SELECT id, username, email FROM users ORDER BY created_at, id COLLATE "C"',
  );
  for (const p of planIdentityKeys(rows.map((r) => ({ ...r, scope: '' })))) {
    await db.query(
      'UPDATE users SET username_precis_key = $1, email_precis_key = $2, username_conflict = $3, email_conflict = $4 WHERE id = $5',
      [p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id],
    );
  }
  await db.query(`
    CREATE UNIQUE INDEX users_username_precis_key ON users (username_precis_key) WHERE username_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_precis_key ON users (email_precis_key) WHERE email_conflict IS NULL;
  `);
};

export const legacyPostgresMigrations: readonly PostgresMigration[] = [
  // 1 — directory, applications, sessions, login flows, events, admins, API keys.
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
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE user_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX group_members_user ON group_members(user_id);
  CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'saml',
    catalog_id TEXT NOT NULL DEFAULT 'custom-saml',
    name TEXT NOT NULL UNIQUE,
    display_label TEXT NOT NULL,
    description TEXT NOT NULL,
    idp_entity_id TEXT,
    sp_entity_id TEXT NOT NULL,
    acs_urls JSONB NOT NULL,
    default_relay_state TEXT NOT NULL,
    name_id_source TEXT NOT NULL,
    name_id_format TEXT NOT NULL,
    signing TEXT NOT NULL,
    signature_algorithm TEXT NOT NULL,
    attributes JSONB NOT NULL,
    group_attribute TEXT,
    bookmark_url TEXT,
    image TEXT,
    show_in_console BOOLEAN NOT NULL DEFAULT TRUE,
    sso_active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE group_bindings (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, application_id)
  );
  CREATE INDEX group_bindings_application ON group_bindings(application_id);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    data JSONB NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  CREATE TABLE login_flows (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    request JSONB,
    relay_state TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX login_flows_expiry ON login_flows(expires_at);
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    time TIMESTAMPTZ NOT NULL,
    type TEXT NOT NULL,
    initiator TEXT NOT NULL,
    user_id TEXT,
    username TEXT,
    resource TEXT,
    application TEXT,
    success BOOLEAN NOT NULL,
    reason TEXT,
    detail JSONB NOT NULL
  );
  CREATE INDEX events_time ON events(time);
  CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
  );
  `,
  // 2 — provisioning (outbox, links, IdM integrations, notifications).
  `
  CREATE TABLE idm_integrations (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    base_url TEXT NOT NULL,
    token_ciphertext TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    delete_on_idp_delete BOOLEAN NOT NULL,
    import_schedule TEXT NOT NULL,
    last_import_at TIMESTAMPTZ,
    verified_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE provisioning_outbox (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    action TEXT NOT NULL,
    payload JSONB NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX provisioning_outbox_due ON provisioning_outbox(status, next_attempt_at);
  CREATE INDEX provisioning_outbox_subject ON provisioning_outbox(application_id, subject, status, seq);
  CREATE TABLE provisioning_links (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    local_id TEXT NOT NULL,
    remote_id TEXT,
    remote_name TEXT NOT NULL,
    state TEXT NOT NULL,
    remote_members JSONB NOT NULL,
    last_action TEXT,
    last_success BOOLEAN,
    last_status INTEGER,
    last_error TEXT,
    last_attempt_at TIMESTAMPTZ,
    PRIMARY KEY (application_id, kind, local_id)
  );
  CREATE INDEX provisioning_links_remote ON provisioning_links(application_id, kind, remote_id);
  CREATE TABLE portal_notifications (
    id TEXT PRIMARY KEY,
    time TIMESTAMPTZ NOT NULL,
    application_id TEXT,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    read BOOLEAN NOT NULL
  );
  CREATE INDEX portal_notifications_time ON portal_notifications(time);
  `,
  // 3 — login throttling counters (web's shared table) and per-application signed-AuthnRequest settings.
  POSTGRES_THROTTLE_MIGRATION,
  `
  CREATE TABLE application_request_signing (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    require_signed_requests BOOLEAN NOT NULL DEFAULT FALSE,
    sp_certificate_pem TEXT NOT NULL DEFAULT '',
    allow_sha1 BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL
  );
  `,
  // AuthnRequest IDs already accepted, per application, until IssueInstant + max age + skew (one answer per request).
  `
  CREATE TABLE authn_request_ids (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    request_key TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, request_key)
  );
  CREATE INDEX authn_request_ids_expiry ON authn_request_ids(expires_at);
  `,
  // usernames and emails keyed by the Unicode identity rule (new key columns, conflicts flagged, not merged).
  identityKeysMigration,
  // Passwords held sealed for a user's first SCIM create (provisioning the password set at creation).
  pendingPasswordsMigration,
];
