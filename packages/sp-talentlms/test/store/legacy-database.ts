// A database as an earlier release left it: the frozen numbered migrations up to `version`, applied with
// their own bookkeeping (SQLite `PRAGMA user_version`, PostgreSQL `schema_migrations`), then raw SQL.
import { type DatabaseTarget, openKysely } from '@samlbridge/web';
import { CompiledQuery } from 'kysely';
import { LEGACY_POSTGRES_MIGRATIONS } from '../../src/store/migrations/legacy-postgres.js';
import { LEGACY_SQLITE_MIGRATIONS } from '../../src/store/migrations/legacy-sqlite.js';

export interface LegacyDatabase {
  /** Runs raw SQL with engine placeholders (`?` / `$1`); returns the rows. */
  exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** The index (= count) in the engine's legacy list just before the step `isStep` finds. */
export function legacyVersionBefore(engine: DatabaseTarget['kind'], isStep: (step: unknown) => boolean): number {
  const list: readonly unknown[] = engine === 'sqlite' ? LEGACY_SQLITE_MIGRATIONS : LEGACY_POSTGRES_MIGRATIONS;
  const at = list.findIndex(isStep);
  if (at < 0) throw new Error('legacy migration step not found');
  return at;
}

/** Raw access to a database (no migrations run). */
export async function openRawDatabase(target: DatabaseTarget): Promise<LegacyDatabase> {
  const opened = await openKysely(target);
  return {
    async exec(sql, params = []) {
      return (await opened.db.executeQuery(CompiledQuery.raw(sql, params))).rows as Record<string, unknown>[];
    },
    close: () => opened.close(),
  };
}

export async function openLegacyDatabase(target: DatabaseTarget, version: number): Promise<LegacyDatabase> {
  const opened = await openKysely(target);
  try {
    await opened.db.transaction().execute((trx) =>
      opened.dialect.runLegacy(trx, {
        component: 'sp',
        sqlite: LEGACY_SQLITE_MIGRATIONS.slice(0, version),
        postgres: LEGACY_POSTGRES_MIGRATIONS.slice(0, version),
      }),
    );
  } finally {
    await opened.close();
  }
  return openRawDatabase(target);
}
