// PostgreSQL's side of SqlDialect (see sql-dialect.ts): BOOLEAN, JSONB (NUL-safe), TIMESTAMPTZ, `COLLATE "C"`
// for byte order, `FOR UPDATE SKIP LOCKED`, an advisory lock around migrations, `schema_migrations` numbering
// for the legacy migrations.
import { CompiledQuery, sql } from 'kysely';
import { uniqueViolationColumn } from '../postgres-errors.js';
import { applyPostgresMigrations } from '../postgres-migrations.js';
import { type PgQueryable, pgJson } from '../postgres-pool.js';
import { type AnyKysely, type AnySelectQuery, type ConstraintViolation, type SqlDialect, sharedDateHelpers } from './sql-dialect.js';

function constraintViolation(err: unknown): ConstraintViolation | undefined {
  const column = uniqueViolationColumn(err);
  if (column !== undefined) return { kind: 'unique', column };
  if ((err as { code?: string })?.code === '23503') return { kind: 'foreign_key', column: '' };
  return undefined;
}

/** `query()` of a pg client over a Kysely connection, for the legacy TypeScript steps. */
function queryable(trx: AnyKysely): PgQueryable {
  return {
    async query(text: string, values: unknown[] = []) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
    },
  } as unknown as PgQueryable;
}

export function postgresDialect(): SqlDialect {
  return {
    engine: 'postgres',
    ...sharedDateHelpers,
    timestamp: (value) => sql<Date | null>`cast(${value === null ? null : value.toISOString()} as timestamptz)`,
    integer: (value) => sql<number>`cast(${value} as integer)`,
    toDbBool: (value) => value,
    fromDbBool: (value) => value === true || value === 1,
    fromDbBoolOrNull: (value) => (value === null ? null : value === true || value === 1),
    toDbJson: (value) => pgJson(value),
    fromDbJson: <T>(value: T | string) => value as T,
    binary: (column) => sql<string>`${sql.ref(column)} collate "C"`,
    lockRows: <QB extends AnySelectQuery>(query: QB) => query.forUpdate().skipLocked() as QB,
    constraintViolation,
    // The same key as web's migratePostgres: an older release starting at the same moment waits too.
    async lockMigrations(trx, component) {
      await sql`select pg_advisory_xact_lock(hashtext(${`samlbridge:migrations:${component}`}))`.execute(trx);
    },
    runLegacy: (trx, { postgres: steps, component }) => applyPostgresMigrations(queryable(trx), steps, component),
  };
}
