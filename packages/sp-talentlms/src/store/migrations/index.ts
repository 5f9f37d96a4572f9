// The SP's ONE named, ordered migration list (ARCHITECTURE.md §5), the same steps on both engines. The first step,
// 2026-12-03-001-legacy-schema, brings a database of any earlier release (or a fresh one) to the last
// schema of the frozen numbered lists; append later schema changes to `steps` as Kysely schema-builder
// code identical on both engines, each named `YYYY-MM-DD-NNN-what-it-does`, never renamed once released.
import type { MigrateOptions } from '@samlbridge/web';
import { LEGACY_POSTGRES_MIGRATIONS } from './legacy-postgres.js';
import { LEGACY_SQLITE_MIGRATIONS } from './legacy-sqlite.js';

export const SP_MIGRATIONS: MigrateOptions = {
  legacy: { component: 'sp', sqlite: LEGACY_SQLITE_MIGRATIONS, postgres: LEGACY_POSTGRES_MIGRATIONS },
  steps: [],
};
