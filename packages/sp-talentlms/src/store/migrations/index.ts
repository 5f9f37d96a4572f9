// The SP's ONE named, ordered migration list (ARCHITECTURE.md §5), the same steps on both engines. The first step,
// 2026-12-03-001-legacy-schema, brings a database of any earlier release (or a fresh one) to the last
// schema of the frozen numbered lists; append later schema changes to `steps` as Kysely schema-builder
// code identical on both engines, each named `YYYY-MM-DD-NNN-what-it-does`, never renamed once released.
import { type MigrateOptions, optionalColumns, requiredColumns } from '@samlbridge/web';
import { LEGACY_POSTGRES_MIGRATIONS } from './legacy-postgres.js';
import { LEGACY_SQLITE_MIGRATIONS } from './legacy-sqlite.js';

export const SP_MIGRATIONS: MigrateOptions = {
  legacy: { component: 'sp', sqlite: LEGACY_SQLITE_MIGRATIONS, postgres: LEGACY_POSTGRES_MIGRATIONS },
  steps: [
    {
      // Single Logout (saml-profiles §4.4): IdP sessions the IdP has ended, so an LMS session started by them ends too.
      name: '2026-12-03-110-ended-saml-sessions',
      async up(db) {
        await db.schema
          .createTable('ended_saml_sessions')
          .$call(requiredColumns('text', 'tenant', 'session_index', 'expires_at'))
          .addPrimaryKeyConstraint('ended_saml_sessions_pk', ['tenant', 'session_index'])
          .execute();
      },
    },
    {
      // The admin's sign-in log with each sign-in's trace (http/sign-in-log.ts), swept after SP_TRACE_RETENTION_DAYS.
      name: '2026-12-03-120-sign-in-traces',
      async up(db) {
        await db.schema
          .createTable('sign_in_traces')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .$call(requiredColumns('text', 'tenant', 'at', 'expires_at'))
          .addColumn('success', 'integer', (c) => c.notNull())
          .$call(optionalColumns('text', 'reason', 'user_login'))
          .$call(requiredColumns('text', 'acs_url', 'binding'))
          .addColumn('in_response_to', 'text')
          .addColumn('checks', 'text', (c) => c.notNull())
          .$call(optionalColumns('text', 'response_xml', 'signed'))
          .execute();
        await db.schema.createIndex('sign_in_traces_tenant_at').on('sign_in_traces').columns(['tenant', 'at']).execute();
        await db.schema.createIndex('sign_in_traces_expiry').on('sign_in_traces').column('expires_at').execute();
      },
    },
    {
      // The AuthnRequests this SP sent, shown in the sign-in trace of the Response answering them; swept like traces.
      name: '2026-12-03-121-sent-authn-requests',
      async up(db) {
        await db.schema
          .createTable('sent_authn_requests')
          .$call(requiredColumns('text', 'tenant', 'id', 'xml', 'expires_at'))
          .addPrimaryKeyConstraint('sent_authn_requests_pk', ['tenant', 'id'])
          .execute();
        await db.schema.createIndex('sent_authn_requests_expiry').on('sent_authn_requests').column('expires_at').execute();
      },
    },
    {
      // TalentLMS's "SSO integration type" (None / SAML2.0). Every tenant saved before has SAML on, so the default keeps it on.
      name: '2026-12-03-130-sso-integration-type',
      async up(db) {
        await db.schema
          .alterTable('sso_settings')
          .addColumn('integration_type', 'text', (c) => c.notNull().defaultTo('saml2'))
          .execute();
      },
    },
    {
      // SCIM `emails.value eq` looks users up by (tenant, email_key): the unique index on that key is partial
      // (non-empty, not flagged), which the lookup cannot use; without this index every lookup scanned the table.
      name: '2026-12-03-131-users-email-lookup',
      async up(db) {
        await db.schema.createIndex('users_email_key_lookup').on('users').columns(['tenant', 'email_key']).execute();
      },
    },
  ],
};
