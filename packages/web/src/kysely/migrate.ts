// One named, ordered migration list per app, the same steps on both engines (ARCHITECTURE.md §5), adopting the
// numbered lists of earlier releases: the first named step, `…-legacy-schema`, runs the missing steps of
// the frozen legacy list of the engine (SQLite `PRAGMA user_version`, PostgreSQL `schema_migrations`), so
// a database made by any earlier release, or a fresh one, reaches the last legacy schema; the named steps
// follow. Everything runs in ONE transaction that also holds the migration lock (PostgreSQL: the same
// advisory lock earlier releases took; SQLite: BEGIN IMMEDIATE), so instances starting at once never both
// apply a step: the second waits, then finds nothing left to do. Kysely's own Migrator runs SQLite steps
// outside any transaction and without a lock, hence this runner.

import type { Kysely } from 'kysely';
import { webError } from '../web-errors.js';
import { type DatabaseTarget, type KyselyDatabase, type OpenKyselyOptions, openKysely } from './open-kysely.js';
import type { AnyKysely, LegacyMigrations, SqlDialect } from './sql-dialect.js';

/** One step of the named list: schema-builder code identical on both engines. */
export interface NamedMigration {
  /** Sortable and unique, e.g. `2026-12-03-002-sessions-expiry-index`; never renamed once released. */
  name: string;
  up(db: AnyKysely, dialect: SqlDialect): Promise<void>;
}

export interface MigrateOptions {
  legacy: LegacyMigrations & {
    /** Name of the step adopting the legacy list (default `2026-12-03-001-legacy-schema`). */
    name?: string;
  };
  /** The named steps after the legacy one, in order. */
  steps: readonly NamedMigration[];
}

export const LEGACY_SCHEMA_MIGRATION = '2026-12-03-001-legacy-schema';

/** The bookkeeping table of the named list (one row per applied step and component). */
export const NAMED_MIGRATIONS_TABLE = 'named_migrations';

/** Applies the missing steps; returns the names applied now (empty when the database was up to date). */
export async function migrateToLatest<DB>(database: KyselyDatabase<DB>, { legacy, steps }: MigrateOptions): Promise<string[]> {
  const { dialect } = database;
  const all: NamedMigration[] = [
    { name: legacy.name ?? LEGACY_SCHEMA_MIGRATION, up: async (trx) => void (await dialect.runLegacy(trx, legacy)) },
    ...steps,
  ];
  const names = all.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new Error(`Duplicate migration name in ${names.join(', ')}`);
  const db = database.db as unknown as Kysely<{ named_migrations: { component: string; name: string; applied_at: string } }>;
  return db.transaction().execute(async (trx) => {
    await dialect.lockMigrations(trx, legacy.component);
    await trx.schema
      .createTable('named_migrations')
      .ifNotExists()
      .addColumn('component', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('named_migrations_pkey', ['component', 'name'])
      .execute();
    const applied = new Set(
      (await trx.selectFrom('named_migrations').select('name').where('component', '=', legacy.component).execute()).map((r) => r.name),
    );
    const unknown = [...applied].filter((name) => !names.includes(name));
    if (unknown.length > 0) {
      throw webError(
        'database_newer_than_app',
        `The ${legacy.component} database was migrated by a newer version (${unknown.join(', ')}); run that version or a later one`,
      );
    }
    const done: string[] = [];
    for (const step of all) {
      if (applied.has(step.name)) continue;
      await step.up(trx, dialect);
      await trx
        .insertInto('named_migrations')
        .values({ component: legacy.component, name: step.name, applied_at: new Date().toISOString() })
        .execute();
      done.push(step.name);
    }
    return done;
  });
}

/** Opens the database and applies the missing steps (ARCHITECTURE.md §5); closes it again when a step fails. */
export async function openMigrated<DB>(
  target: DatabaseTarget,
  options: OpenKyselyOptions,
  migrations: MigrateOptions,
): Promise<KyselyDatabase<DB>> {
  const database = await openKysely<DB>(target, options);
  try {
    await migrateToLatest(database, migrations);
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}
