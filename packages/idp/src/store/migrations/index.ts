// The IdP's ONE named, ordered migration list, the same steps on both engines (ARCHITECTURE.md §5). The first step
// adopts the frozen numbered lists of earlier releases (legacy-sqlite.ts, legacy-postgres.ts); every later
// step is schema-builder code identical on both engines. Append new steps at the end; never edit one released.
import type { NamedMigration } from '@samlbridge/web';
import { legacyPostgresMigrations } from './legacy-postgres.js';
import { legacySqliteMigrations } from './legacy-sqlite.js';
import { createMfaTables } from './mfa-tables.js';

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
    // Second factors (TOTP, later WebAuthn), recovery codes, MFA policy rules and settings.
    name: '2026-12-03-101-mfa',
    up: createMfaTables,
  },
];
