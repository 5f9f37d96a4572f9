// Kysely on ONE better-sqlite3 connection whose every use takes a turn from web's first-in, first-out queue
// (sqlite-transactions.ts): Kysely acquires the connection for each statement and for each transaction; here
// that acquisition is an exclusive turn, so transactions run one at a time in arrival order, statements from
// outside wait while one is open (they never slip into it), and a BEGIN IMMEDIATE takes the file's write lock
// up front. Kysely's own connection mutex is not first-in, first-out.
// Kysely prepares (parses and plans) every statement it runs; here a SQL text is prepared once and its statement
// reused (a bounded, least-recently-used cache), which is most of the cost of a small query.
import type { Statement } from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, SqliteDriver } from 'kysely';
import type { SqliteDatabase } from '../sqlite.js';
import type { SqliteTransactionQueue } from '../sqlite-transactions.js';

/** Prepared statements kept per connection: the distinct SQL texts an app runs (IN lists of each length count apart). */
export const STATEMENT_CACHE_SIZE = 1000;

/** `raw` whose prepare() hands out the cached statement of a SQL text (unless it is busy: a SELECT still streaming). */
export function withStatementCache(raw: SqliteDatabase, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Statement>();
  function prepare(sql: string): Statement {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      cache.delete(sql); // re-inserted: most recently used last
      cache.set(sql, cached);
      return cached;
    }
    const statement = raw.prepare(sql);
    if (!cached) {
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  }
  return new Proxy(raw, {
    get(target, key) {
      if (key === 'prepare') return prepare;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

class QueuedSqliteDriver extends SqliteDriver {
  #release: (() => void) | undefined;

  constructor(
    private readonly raw: SqliteDatabase,
    private readonly queue: SqliteTransactionQueue,
  ) {
    super({ database: withStatementCache(raw) });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await new Promise<() => void>((hold) => {
      void this.queue.exclusive(() => new Promise<void>((release) => hold(release)));
    });
    this.#release = release;
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  // SQLite may already have rolled back (e.g. SQLITE_FULL): a second ROLLBACK would hide the first error.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.raw.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
}

/** Kysely's SqliteDialect with the queued driver above. */
export class QueuedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly raw: SqliteDatabase,
    private readonly queue: SqliteTransactionQueue,
  ) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    return new QueuedSqliteDriver(this.raw, this.queue);
  }
}
