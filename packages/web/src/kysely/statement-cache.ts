// Prepared statements kept per SQL text for Kysely's SQLite driver. Kysely prepares every statement it runs
// (better-sqlite3 `prepare`: parse + plan) and throws it away; the store's statements are a small fixed set of
// SQL texts (values travel as parameters), so preparing each once saves that work on every query. A schema change
// needs nothing here: SQLite re-prepares a statement whose schema changed when it next steps (sqlite3_prepare_v2).
// Bounded: least recently used statements beyond `max` are dropped (texts that vary, e.g. `in (?, ?, …)` lists).
import type { SqliteDatabase } from '../sqlite.js';

type Statement = ReturnType<SqliteDatabase['prepare']>;

/** What Kysely's SqliteDriver uses of a database: `prepare` and `close`. */
export interface CachingDatabase {
  prepare(sql: string): Statement;
  close(): void;
  /** Statements held now (tests, metrics). */
  readonly cachedStatements: number;
}

export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

export function statementCache(raw: SqliteDatabase, max = DEFAULT_STATEMENT_CACHE_SIZE): CachingDatabase {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached) {
        // Most recently used last (Map keeps insertion order).
        statements.delete(sql);
        statements.set(sql, cached);
        // A statement still iterating (a stream) cannot run a second time at once: that use gets its own.
        return cached.busy ? raw.prepare(sql) : cached;
      }
      const stmt = raw.prepare(sql);
      statements.set(sql, stmt);
      if (statements.size > max) statements.delete(statements.keys().next().value as string);
      return stmt;
    },
    close() {
      statements.clear();
      raw.close();
    },
    get cachedStatements() {
      return statements.size;
    },
  };
}
