// The SP's ONE named, ordered migration list (ARCHITECTURE.md §5), the same steps on both engines. The first step,
// 2026-12-03-001-legacy-schema, brings a database of any earlier release (or a fresh one) to the last
// schema of the frozen numbered lists; append later schema changes to `steps` as Kysely schema-builder
// code identical on both engines, each named `YYYY-MM-DD-NNN-what-it-does`, never renamed once released.
import type { MigrateOptions } from '@samlbridge/web';
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
          .addColumn('tenant', 'text', (c) => c.notNull())
          .addColumn('session_index', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('ended_saml_sessions_pk', ['tenant', 'session_index'])
          .execute();
      },
    },
  ],
};
