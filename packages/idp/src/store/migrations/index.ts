// The IdP's ONE named, ordered migration list, the same steps on both engines (ARCHITECTURE.md §5). The first step
// adopts the frozen numbered lists of earlier releases (legacy-sqlite.ts, legacy-postgres.ts); every later
// step is schema-builder code identical on both engines. Append new steps at the end; never edit one released.
import { type NamedMigration, optionalColumns, requiredColumns } from '@samlbridge/web';
import { createConfigVersion } from './config-version.js';
import { legacyPostgresMigrations } from './legacy-postgres.js';
import { legacySqliteMigrations } from './legacy-sqlite.js';
import { createMfaTables } from './mfa-tables.js';
import { createOutboxQueueIndex } from './outbox-queue-index.js';
import { createPasskeyTables } from './passkey-tables.js';
import { createUsersIndexes } from './users-indexes.js';
import { createUsersSearch } from './users-search.js';

export const legacyMigrations = {
  component: 'idp',
  name: '2026-12-03-001-legacy-schema',
  sqlite: legacySqliteMigrations,
  postgres: legacyPostgresMigrations,
};

export const namedMigrations: readonly NamedMigration[] = [
  {
    // The legacy SQLite schema kept the mappings in `attribute_names` (PostgreSQL: `attributes`): one name on both.
    name: '2026-12-03-002-applications-attributes-column',
    async up(db) {
      const tables = await db.introspection.getTables();
      const applications = tables.find((t) => t.name === 'applications');
      if (applications?.columns.some((c) => c.name === 'attribute_names')) {
        await db.schema.alterTable('applications').renameColumn('attribute_names', 'attributes').execute();
      }
    },
  },
  {
    // Expiry sweeps of sessions and login flows read by expires_at (the legacy PostgreSQL schema had these).
    name: '2026-12-03-003-expiry-indexes',
    async up(db) {
      await db.schema.createIndex('sessions_expiry').ifNotExists().on('sessions').column('expires_at').execute();
      await db.schema.createIndex('login_flows_expiry').ifNotExists().on('login_flows').column('expires_at').execute();
    },
  },
  {
    // Per application: encrypt the assertion for the SP (saml-core §2.3.4); one JSON settings column, alike on both engines.
    name: '2026-12-03-110-application-assertion-encryption',
    async up(db) {
      await db.schema
        .createTable('application_assertion_encryption')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
        .addColumn('settings', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    // Staged IdP signing-key rotation: next → active → previous → retired, shared by every instance. The private key is
    // sealed with the IdP secret key (AES-256-GCM) and erased at retirement. `slot` ('active' | 'standby' | null) is
    // unique, so at most one key signs and at most one more is published, whatever several instances do at once.
    name: '2026-12-03-111-signing-keys',
    async up(db) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('slot', 'text', (c) => c.unique())
        .addColumn('certificate_pem', 'text', (c) => c.notNull())
        .addColumn('private_key_sealed', 'text')
        .addColumn('sha256', 'text', (c) => c.notNull().unique())
        .$call(requiredColumns('text', 'not_after', 'created_at'))
        .$call(optionalColumns('text', 'activated_at', 'retired_at'))
        .execute();
    },
  },
  {
    // Single Logout (saml-profiles §4.4): session participants, ended sessions, per-application SLO endpoints, logout chains.
    name: '2026-12-03-112-single-logout',
    async up(db) {
      await db.schema
        .createTable('session_participants')
        .$call(requiredColumns('text', 'session_index', 'application_id', 'user_id', 'name_id'))
        .$call(optionalColumns('text', 'name_id_format', 'name_qualifier', 'sp_name_qualifier'))
        .$call(requiredColumns('text', 'created_at', 'expires_at'))
        .addPrimaryKeyConstraint('session_participants_pk', ['session_index', 'application_id'])
        .execute();
      await db.schema.createIndex('session_participants_user').on('session_participants').column('user_id').execute();
      await db.schema.createIndex('session_participants_expiry').on('session_participants').column('expires_at').execute();
      await db.schema
        .createTable('ended_sessions')
        .addColumn('session_index', 'text', (c) => c.primaryKey())
        .$call(requiredColumns('text', 'user_id', 'ended_at', 'expires_at'))
        .execute();
      await db.schema
        .createTable('user_session_cutoffs')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('ended_before', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('application_single_logout')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
        .$call(requiredColumns('text', 'slo_url', 'slo_response_url', 'binding', 'updated_at'))
        .execute();
      await db.schema
        .createTable('logout_flows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .$call(requiredColumns('text', 'user_id', 'session_index', 'state'))
        .addColumn('current_request_id', 'text')
        .$call(requiredColumns('text', 'created_at', 'expires_at'))
        .execute();
      await db.schema.createIndex('logout_flows_request').on('logout_flows').column('current_request_id').execute();
    },
  },
  {
    // saml-core §8.3.7: persistent NameIDs, one per (application, user), the value unique and random; gone
    // with the user or the application (a new user never inherits a value: values are random, never derived).
    name: '2026-12-03-113-persistent-name-ids',
    async up(db) {
      await db.schema
        .createTable('persistent_name_ids')
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('value', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('persistent_name_ids_pkey', ['application_id', 'user_id'])
        .execute();
      await db.schema.createIndex('persistent_name_ids_user').on('persistent_name_ids').column('user_id').execute();
    },
  },
  {
    // Per application: the NameID formats it may ask for (null: the default list) and its allowed RelayState targets.
    name: '2026-12-03-114-application-sso-options',
    async up(db) {
      await db.schema
        .createTable('application_sso_options')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
        .addColumn('allowed_name_id_formats', 'jsonb')
        .addColumn('allowed_relay_states', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  {
    // Second factors (TOTP, later WebAuthn), recovery codes, MFA policy rules and settings.
    name: '2026-12-03-115-mfa',
    up: createMfaTables,
  },
  {
    // Per-integration provisioning pause (rate limit, quota used, outage), shared by every instance's worker.
    name: '2026-12-03-120-provisioning-pauses',
    async up(db) {
      await db.schema
        .createTable('provisioning_pauses')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
        .addColumn('paused_until', 'timestamptz', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('outages', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  {
    // Per-login SAML traces (store/sso-traces.ts), swept by age (IDP_TRACE_RETENTION_DAYS); found by time and by parked login flow.
    name: '2026-12-03-121-sso-traces',
    async up(db) {
      await db.schema
        .createTable('sso_traces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('application', 'text')
        .addColumn('initiated_by', 'text', (c) => c.notNull())
        .$call(optionalColumns('text', 'user_name', 'login_flow_id'))
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .$call(requiredColumns('jsonb', 'request', 'steps'))
        .addColumn('response', 'jsonb')
        .execute();
      await db.schema.createIndex('sso_traces_at').on('sso_traces').column('at').execute();
      await db.schema.createIndex('sso_traces_login_flow').on('sso_traces').column('login_flow_id').execute();
    },
  },
  {
    // Passkeys (WebAuthn): one-time challenges and the "allow passkey-only sign-in" setting.
    name: '2026-12-03-122-passkeys',
    up: createPasskeyTables,
  },
  {
    // Per application: the SP's SOAP SingleLogoutService URL (back-channel Single Logout, store/slo-soap-endpoints.ts).
    name: '2026-12-03-130-application-slo-soap',
    async up(db) {
      await db.schema
        .createTable('application_slo_soap')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
        .addColumn('soap_url', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  {
    // Invitations (store/invitations.ts): one single-use set-password link per user, the token's SHA-256 only; swept at expiry.
    name: '2026-12-03-131-invitations',
    async up(db) {
      await db.schema
        .createTable('invitations')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .$call(requiredColumns('timestamptz', 'created_at', 'expires_at'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invitations_expiry').on('invitations').column('expires_at').execute();
    },
  },
  {
    // Big directories: the Users list's index (list order + searched columns) and lookup indexes of the identity keys.
    name: '2026-12-03-132-users-indexes',
    up: createUsersIndexes,
  },
  {
    // User search in big directories: name keys, users_list with every searched key, a trigram index (FTS5 / pg_trgm).
    name: '2026-12-03-140-users-search',
    up: createUsersSearch,
  },
  {
    // Provisioning at scale: the outbox claim walks the (status, seq) index on both engines (the legacy PostgreSQL schema lacked it).
    name: '2026-12-03-141-outbox-queue-index',
    up: createOutboxQueueIndex,
  },
  {
    // The configuration version: one counter row bumped by trigger with every write to a cached configuration table.
    name: '2026-12-03-150-config-version',
    up: createConfigVersion,
  },
];
