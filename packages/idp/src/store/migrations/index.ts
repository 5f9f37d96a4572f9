// The IdP's ONE named, ordered migration list, the same steps on both engines (ARCHITECTURE.md §5). The first step
// adopts the frozen numbered lists of earlier releases (legacy-sqlite.ts, legacy-postgres.ts); every later
// step is schema-builder code identical on both engines. Append new steps at the end; never edit one released.
import type { NamedMigration } from '@samlbridge/web';
import { legacyPostgresMigrations } from './legacy-postgres.js';
import { legacySqliteMigrations } from './legacy-sqlite.js';

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
    // saml-core §8.3.7: persistent NameIDs, one per (application, user), the value unique and random; gone
    // with the user or the application (a new user never inherits a value: values are random, never derived).
    name: '2026-12-03-101-persistent-name-ids',
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
    name: '2026-12-03-102-application-sso-options',
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
];
