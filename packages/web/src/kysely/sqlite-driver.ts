// Kysely on ONE better-sqlite3 connection whose every use takes a turn from web's first-in, first-out queue
// (sqlite-transactions.ts): Kysely acquires the connection for each statement and for each transaction; here
// that acquisition is an exclusive turn, so transactions run one at a time in arrival order, statements from
// outside wait while one is open (they never slip into it), and a BEGIN IMMEDIATE takes the file's write lock
// up front. Kysely's own connection mutex is not first-in, first-out. Statements are prepared once per SQL text.
import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, SqliteDriver } from 'kysely';
import type { SqliteDatabase } from '../sqlite.js';
import type { SqliteTransactionQueue } from '../sqlite-transactions.js';
import { statementCache } from './statement-cache.js';

class QueuedSqliteDriver extends SqliteDriver {
  #release: (() => void) | undefined;

  constructor(
    private readonly raw: SqliteDatabase,
    private readonly queue: SqliteTransactionQueue,
  ) {
    // Each SQL text is prepared once (statement-cache.ts); Kysely only calls `prepare` and `close`.
    super({ database: statementCache(raw) as unknown as SqliteDatabase });
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
