// FROZEN: the SQL of the IdP's numbered migrations before the named ones, written once with the column types of
// each engine (LegacyTypes: ISO-8601 TEXT / TIMESTAMPTZ, INTEGER 0-1 / BOOLEAN, JSON TEXT / JSONB). Every
// statement reads exactly as released on its engine; legacy-sqlite.ts and legacy-postgres.ts list them in
// each engine's released order. Never edit: later changes are named migrations (./index.ts).
import { type LegacyTypes, legacyIdentityKeys } from '@samlbridge/web';

const pg = (t: LegacyTypes, text: string) => (t.engine === 'postgres' ? text : '');

/** 1 — directory, applications, sessions, login flows, events, admins, API keys. */
export const directory = (t: LegacyTypes) => `
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
    created_at ${t.time} NOT NULL,
    updated_at ${t.time} NOT NULL
  );
  CREATE TABLE user_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_at ${t.time} NOT NULL
  );
  CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
  );
  CREATE INDEX group_members_user ON group_members(user_id);
  CREATE TABLE applications (
    id TEXT PRIMARY KEY,${pg(t, `\n    kind TEXT NOT NULL DEFAULT 'saml',\n    catalog_id TEXT NOT NULL DEFAULT 'custom-saml',`)}
    name TEXT NOT NULL UNIQUE,
    display_label TEXT NOT NULL,
    description TEXT NOT NULL,
    idp_entity_id TEXT,
    sp_entity_id TEXT NOT NULL,
    acs_urls ${t.json} NOT NULL,
    default_relay_state TEXT NOT NULL,
    name_id_source TEXT NOT NULL,
    name_id_format TEXT NOT NULL,
    signing TEXT NOT NULL,
    signature_algorithm TEXT NOT NULL,
    ${t.engine === 'postgres' ? 'attributes' : 'attribute_names'} ${t.json} NOT NULL,${pg(t, `\n    group_attribute TEXT,\n    bookmark_url TEXT,\n    image TEXT,\n    show_in_console BOOLEAN NOT NULL DEFAULT TRUE,`)}
    sso_active ${t.bool} NOT NULL,
    created_at ${t.time} NOT NULL,
    updated_at ${t.time} NOT NULL
  );
  CREATE TABLE group_bindings (
    group_id TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, application_id)
  );
  CREATE INDEX group_bindings_application ON group_bindings(application_id);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    data ${t.json} NOT NULL,
    expires_at ${t.time} NOT NULL
  );${pg(t, '\n  CREATE INDEX sessions_expiry ON sessions(expires_at);')}
  CREATE TABLE login_flows (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    request ${t.json},
    relay_state TEXT,
    created_at ${t.time} NOT NULL,
    expires_at ${t.time} NOT NULL
  );${pg(t, '\n  CREATE INDEX login_flows_expiry ON login_flows(expires_at);')}
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    time ${t.time} NOT NULL,
    type TEXT NOT NULL,
    initiator TEXT NOT NULL,
    user_id TEXT,
    username TEXT,
    resource TEXT,
    application TEXT,
    success ${t.bool} NOT NULL,
    reason TEXT,
    detail ${t.json} NOT NULL
  );
  CREATE INDEX events_time ON events(time);
  CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at ${t.time} NOT NULL
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    created_at ${t.time} NOT NULL
  );
  `;

/** Provisioning: the outbox, links, IdM integrations, notifications. */
export const provisioning = (t: LegacyTypes) => `
  CREATE TABLE idm_integrations (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    base_url TEXT NOT NULL,
    token_ciphertext TEXT NOT NULL,
    active ${t.bool} NOT NULL,
    delete_on_idp_delete ${t.bool} NOT NULL,
    import_schedule TEXT NOT NULL,
    last_import_at ${t.time},
    verified_at ${t.time},
    created_at ${t.time} NOT NULL,
    updated_at ${t.time} NOT NULL
  );
  CREATE TABLE provisioning_outbox (
    seq ${t.engine === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    action TEXT NOT NULL,
    payload ${t.json} NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at ${t.time} NOT NULL,
    lease_owner TEXT,
    lease_until ${t.time},
    last_error TEXT,
    created_at ${t.time} NOT NULL,
    updated_at ${t.time} NOT NULL
  );
  CREATE INDEX ${t.engine === 'postgres' ? 'provisioning_outbox_due ON provisioning_outbox(status, next_attempt_at)' : 'provisioning_outbox_queue ON provisioning_outbox(status, seq)'};
  CREATE INDEX provisioning_outbox_subject ON provisioning_outbox(application_id, subject, status, seq);
  CREATE TABLE provisioning_links (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    local_id TEXT NOT NULL,
    remote_id TEXT,
    remote_name TEXT NOT NULL,
    state TEXT NOT NULL,
    remote_members ${t.json} NOT NULL,
    last_action TEXT,
    last_success ${t.bool},
    last_status INTEGER,
    last_error TEXT,
    last_attempt_at ${t.time},
    PRIMARY KEY (application_id, kind, local_id)
  );
  CREATE INDEX provisioning_links_remote ON provisioning_links(application_id, kind, remote_id);
  CREATE TABLE portal_notifications (
    id TEXT PRIMARY KEY,
    time ${t.time} NOT NULL,
    application_id TEXT,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    read ${t.bool} NOT NULL
  );
  CREATE INDEX portal_notifications_time ON portal_notifications(time);
  `;

/** Per-application signed-AuthnRequest settings. */
export const requestSigning = (t: LegacyTypes) => `
  CREATE TABLE application_request_signing (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    require_signed_requests ${t.bool} NOT NULL DEFAULT ${t.false},
    sp_certificate_pem TEXT NOT NULL DEFAULT '',
    allow_sha1 ${t.bool} NOT NULL DEFAULT ${t.false},
    updated_at ${t.time} NOT NULL
  );
`;

/** AuthnRequest IDs already accepted, per application, until IssueInstant + max age + skew (one answer per request). */
export const authnRequestIds = (t: LegacyTypes) => `
  CREATE TABLE authn_request_ids (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    request_key TEXT NOT NULL,
    expires_at ${t.time} NOT NULL,
    PRIMARY KEY (application_id, request_key)
  );
  CREATE INDEX authn_request_ids_expiry ON authn_request_ids(expires_at);
  `;

/**
 * Usernames and emails compared by the Unicode rule of @samlbridge/protocol (usernameKey / emailKey,
 * RFC 8265 §3.3) instead of NFC + lower-case. The old `username_key` / `email_key` columns stay (SQLite cannot
 * drop their UNIQUE in place) and keep the old key.
 */
export const identityKeys = (t: LegacyTypes) =>
  legacyIdentityKeys({
    columns: ['username_precis_key TEXT', 'email_precis_key TEXT', 'username_conflict TEXT', 'email_conflict TEXT'],
    select: `SELECT id, '' AS scope, username, email FROM users ORDER BY created_at, id${pg(t, ' COLLATE "C"')}`,
    indexes: `
    CREATE UNIQUE INDEX users_username_precis_key ON users (username_precis_key) WHERE username_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_precis_key ON users (email_precis_key) WHERE email_conflict IS NULL;
  `,
  });

/** Passwords held sealed for a user's first SCIM create (provisioning the password set at creation). */
export const pendingPasswords = (t: LegacyTypes) => `
  CREATE TABLE pending_passwords (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    expires_at ${t.time} NOT NULL
  );
  CREATE INDEX pending_passwords_expiry ON pending_passwords(expires_at);
  `;
