// Kysely plumbing both apps share (ARCHITECTURE.md §5): open either engine, run named migrations adopting the legacy
// numbered lists, units of work, the dialect helpers, and web's session and throttle stores written once.

export { CHUNK, chunksOf } from './chunks.js';
export type { DbBoolean, DbBooleanOrNull, DbJson, DbJsonOrNull, DbTimestamp, DbTimestampOrNull } from './column-types.js';
export { affected, guardUnique } from './constraints.js';
export { deleteExpired, deleteExpiredBatch } from './expired-rows.js';
export { hasRow, unexpiredRow } from './has-row.js';
export { type Keyed, type KeyedTable, keyedColumns, keyedTable } from './keyed-table.js';
export { kyselyMaintenance, type Maintenance, pruneOlderThan, type RetentionOptions } from './maintenance.js';
export {
  LEGACY_SCHEMA_MIGRATION,
  type MigrateOptions,
  migrateToLatest,
  NAMED_MIGRATIONS_TABLE,
  type NamedMigration,
  openMigrated,
} from './migrate.js';
export { type DatabaseTarget, type KyselyDatabase, type OpenKyselyOptions, openKysely } from './open-kysely.js';
export { precompiled, precompiledRows } from './precompiled.js';
export { kyselySessionStore, type SweepableSessionStore } from './session-store.js';
export { type FieldGroups, type SnakeCase, type StoredAs, snakeCase, snakeColumns } from './snake-columns.js';
export {
  type AnyKysely,
  type ConstraintViolation,
  containsIgnoringCase,
  containsPattern,
  type Engine,
  type LegacyMigrations,
  matchesPattern,
  type SqlDialect,
} from './sql-dialect.js';
export {
  type Codec,
  type Columns,
  type CustomCodec,
  countRows,
  JSON_TEXT,
  JSON_TEXT_OR_NULL,
  type Page,
  pageOf,
  type RowMapper,
  type RowOf,
  rowMapper,
  type Table,
  table,
  type Where,
  type WithGenerated,
} from './table.js';
export { optionalColumns, requiredColumns } from './table-columns.js';
export { kyselyThrottleStore } from './throttle-store.js';
export { atomically, inTransaction } from './transaction.js';
export { webStores } from './web-stores.js';
export type { LoginThrottleTable, SessionsTable, WebTables } from './web-tables.js';
