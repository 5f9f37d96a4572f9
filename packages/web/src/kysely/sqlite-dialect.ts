// SQLite's side of SqlDialect (see sql-dialect.ts): INTEGER 0/1 booleans, JSON as TEXT, ISO-8601 TEXT
// timestamps (string order is time order), no row locks (one writer at a time), PRAGMA user_version
// numbering for the legacy migrations.
import { sql } from 'kysely';
import type { SqliteDatabase } from '../sqlite.js';
import { type ConstraintViolation, type SqlDialect, sharedDateHelpers } from './sql-dialect.js';

function constraintViolation(err: unknown): ConstraintViolation | undefined {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: users.email_key" (a composite key lists its columns: the last one differs).
    const columns = /constraint failed: (.+)$/.exec(e.message ?? '')?.[1] ?? '';
    return { kind: 'unique', column: columns.split(',').pop()?.trim() ?? '' };
  }
  if (e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return { kind: 'foreign_key', column: '' };
  return undefined;
}

/** The dialect of one SQLite connection (`raw` runs the legacy TypeScript steps). */
export function sqliteDialect(raw: SqliteDatabase): SqlDialect {
  return {
    engine: 'sqlite',
    ...sharedDateHelpers,
    timestamp: (value) => sql<string | null>`${value === null ? null : value.toISOString()}`,
    integer: (value) => sql<number>`${value}`,
    toDbBool: (value) => (value ? 1 : 0),
    fromDbBool: (value) => value === true || value === 1,
    fromDbBoolOrNull: (value) => (value === null ? null : value === true || value === 1),
    toDbJson: (value) => JSON.stringify(value),
    fromDbJson: <T>(value: T | string) => (typeof value === 'string' ? (JSON.parse(value) as T) : value),
    binary: (column) => sql<string>`${sql.ref(column)}`,
    lockRows: (query) => query,
    constraintViolation,
    // The runner's transaction is BEGIN IMMEDIATE: it holds the file's write lock, other processes wait.
    async lockMigrations() {},
    async runLegacy(_trx, { sqlite: steps }) {
      // Same connection, inside the runner's transaction: better-sqlite3 runs these synchronously on it.
      const current = raw.pragma('user_version', { simple: true }) as number;
      for (let i = current; i < steps.length; i++) {
        const step = steps[i];
        if (typeof step === 'string') raw.exec(step);
        else step?.(raw);
        raw.pragma(`user_version = ${i + 1}`);
      }
      return Math.max(0, steps.length - current);
    },
  };
}
