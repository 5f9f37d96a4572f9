// Provisioning (issue 4) schema, appended to the main migration list. Portable SQL: the
// PostgreSQL mirror uses BIGSERIAL for `seq` and the same columns otherwise.
export const provisioningMigrations: readonly string[] = [
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
