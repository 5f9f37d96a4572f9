// The ONE place where SQLite and PostgreSQL differ for code written once on Kysely (ARCHITECTURE.md §5): how dates,
// booleans and JSON are stored and read, byte-wise ordering, row locking, constraint-violation detection,
// and the migration lock and legacy steps the migration runner needs. Repositories call these helpers and
// never test the engine themselves.
import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { PostgresMigration } from '../postgres-migrations.js';
import type { SqliteMigration } from '../sqlite.js';

export type Engine = 'sqlite' | 'postgres';

/** A Kysely instance or transaction over any app's tables (for steps that only run raw SQL or schema builders). */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own spelling of "any database" (Kysely<DB> is invariant in DB).
export type AnyKysely = Kysely<any>;
/** Any select query, whatever its tables and selection. */
// biome-ignore lint/suspicious/noExplicitAny: the same, for a query builder.
export type AnySelectQuery = SelectQueryBuilder<any, any, any>;

/** The frozen numbered migration lists an app had before its named migrations (see migrateToLatest). */
export interface LegacyMigrations {
  /** The app's `schema_migrations.component` on PostgreSQL (e.g. `idp`); also the migration-lock key. */
  component: string;
  sqlite: readonly SqliteMigration[];
  postgres: readonly PostgresMigration[];
}

/** A constraint the database refused a write for. */
export interface ConstraintViolation {
  kind: 'unique' | 'foreign_key';
  /** `table.column` for a unique violation (a composite key names its last column); '' when unknown. */
  column: string;
}

export interface SqlDialect {
  readonly engine: Engine;
  /** A timestamp parameter (ISO-8601 on both: SQLite compares it as text, PostgreSQL casts it). */
  toDbDate(value: Date): string;
  toDbDateOrNull(value: Date | null): string | null;
  fromDbDate(value: Date | string): Date;
  fromDbDateOrNull(value: Date | string | null): Date | null;
  /** A timestamp inside an expression (CASE, comparison with another parameter), typed on PostgreSQL. */
  timestamp(value: Date | null): RawBuilder<Date | string | null>;
  /** An integer inside an expression, typed on PostgreSQL. */
  integer(value: number): RawBuilder<number>;
  toDbBool(value: boolean): boolean | number;
  fromDbBool(value: boolean | number): boolean;
  fromDbBoolOrNull(value: boolean | number | null): boolean | null;
  toDbJson(value: unknown): string;
  fromDbJson<T>(value: T | string): T;
  /** `column` for ORDER BY in byte order (SQLite's BINARY collation; `COLLATE "C"` on PostgreSQL, whatever the locale). */
  binary(column: string): RawBuilder<string>;
  /** Rows a worker claims: `FOR UPDATE SKIP LOCKED` on PostgreSQL; nothing on SQLite (its writer lock serialises). */
  lockRows<QB extends AnySelectQuery>(query: QB): QB;
  /** The unique or foreign-key violation `err` reports, if it is one. */
  constraintViolation(err: unknown): ConstraintViolation | undefined;
  /** Serialises migrations of `component` across processes until `trx` ends (SQLite: BEGIN IMMEDIATE already does). */
  lockMigrations(trx: AnyKysely, component: string): Promise<void>;
  /** Brings the database to the last legacy version of this engine inside `trx`; returns how many steps ran. */
  runLegacy(trx: AnyKysely, legacy: LegacyMigrations): Promise<number>;
}

/**
 * `%term%` for `lower(column) LIKE … ESCAPE '\'`: NFC, lower-cased like the `*_key` columns, with the LIKE
 * wildcards (`%`, `_`) and the escape character itself made literal.
 */
export function containsPattern(search: string): string {
  const term = search
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return `%${term}%`;
}

/** Case-insensitive substring match of `column` (or an expression), the same SQL on both engines. */
export function containsIgnoringCase(column: string | RawBuilder<unknown>, search: string): RawBuilder<SqlBool> {
  const target = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`lower(${target}) like ${containsPattern(search)} escape '\\'`;
}

/** `column LIKE pattern ESCAPE '\'` for a column that already holds a lower-case key. */
export function matchesPattern(column: string, search: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${containsPattern(search)} escape '\\'`;
}

/** What both engines do alike: timestamps travel as ISO-8601 strings and come back as Date or ISO text. */
export const sharedDateHelpers = {
  toDbDate: (value: Date): string => value.toISOString(),
  toDbDateOrNull: (value: Date | null): string | null => (value === null ? null : value.toISOString()),
  fromDbDate: (value: Date | string): Date => new Date(value),
  fromDbDateOrNull: (value: Date | string | null): Date | null => (value === null ? null : new Date(value)),
} satisfies Partial<SqlDialect>;
