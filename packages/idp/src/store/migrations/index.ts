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
        .addColumn('not_after', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('activated_at', 'text')
        .addColumn('retired_at', 'text')
        .execute();
    },
  },
];
