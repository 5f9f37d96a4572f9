// Column types of a Kysely `Database` interface for values stored differently per engine (ARCHITECTURE.md §5):
// what a row gives back on either engine, and what the dialect's `toDb` helpers write.
import type { ColumnType } from 'kysely';

/** TIMESTAMPTZ on PostgreSQL (read as Date), ISO-8601 TEXT on SQLite; written as an ISO-8601 string on both. */
export type DbTimestamp = ColumnType<Date | string, string, string>;
/** A nullable DbTimestamp. */
export type DbTimestampOrNull = ColumnType<Date | string | null, string | null, string | null>;
/** BOOLEAN on PostgreSQL, INTEGER 0/1 on SQLite. */
export type DbBoolean = ColumnType<boolean | number, boolean | number, boolean | number>;
/** A nullable DbBoolean. */
export type DbBooleanOrNull = ColumnType<boolean | number | null, boolean | number | null, boolean | number | null>;
/** JSONB on PostgreSQL (read parsed), JSON TEXT on SQLite; written as JSON text on both. */
export type DbJson<T> = ColumnType<T | string, string, string>;
/** A nullable DbJson. */
export type DbJsonOrNull<T> = ColumnType<T | string | null, string | null, string | null>;
