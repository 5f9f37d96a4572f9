// Opens either engine for code written once on Kysely (ARCHITECTURE.md §5): a SQLite file (WAL, foreign keys,
// busy_timeout, private file modes, the first-in, first-out connection queue) or a PostgreSQL pool (NUL-safe
// client, pool errors logged). Migrations are run separately (migrate.ts).
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { NulSafeClient } from '../postgres-pool.js';
import { openSqliteFile } from '../sqlite.js';
import { sqliteTransactionQueue } from '../sqlite-transactions.js';
import { webError } from '../web-errors.js';
import { postgresDialect } from './postgres-dialect.js';
import type { SqlDialect } from './sql-dialect.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { QueuedSqliteDialect } from './sqlite-driver.js';

/** Where the data lives: a SQLite file (or `:memory:`), or a PostgreSQL URL. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize?: number };

export interface OpenKyselyOptions {
  /** Told when a database file was open to other users and got tightened, and of PostgreSQL pool errors. */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

/** An open database: the Kysely instance, the engine's dialect helpers, and how to close it. */
export interface KyselyDatabase<DB> {
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialect;
  close(): Promise<void>;
}

export async function openKysely<DB>(target: DatabaseTarget, { logger }: OpenKyselyOptions = {}): Promise<KyselyDatabase<DB>> {
  if (target.kind === 'sqlite') {
    const raw = openSqliteFile(target.file, logger ? { logger } : {});
    const db = new Kysely<DB>({ dialect: new QueuedSqliteDialect(raw, sqliteTransactionQueue(raw)) });
    return { db, dialect: sqliteDialect(raw), close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10, Client: NulSafeClient });
  // An idle client losing its connection (server restart) must not crash the process, nor pass unseen.
  pool.on('error', (err) => logger?.error({ err }, 'PostgreSQL connection error (idle pooled client)'));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy();
    throw webError('database_unavailable', `Could not open the PostgreSQL database: ${(err as Error).message}`, { cause: err });
  }
  return { db, dialect: postgresDialect(), close: () => db.destroy() };
}
