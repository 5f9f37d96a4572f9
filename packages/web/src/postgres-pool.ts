// The PostgreSQL pool both stores share: NUL-safe parameters, int8 as numbers, migrations applied on open.

import pg from 'pg';
import type { Logger } from './logger.js';
import { migratePostgres, type PostgresMigration } from './postgres-migrations.js';
import { webError } from './web-errors.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** A pool or a client inside a transaction: anything that runs a query. */
export type PgQueryable = Pick<pg.Pool, 'query'>;
/** Where the pool reports what it recovers from by itself (a lost idle connection, a failed ROLLBACK). */
export type PostgresLogger = Pick<Logger, 'warn' | 'debug'>;

/** True for `postgres://…` and `postgresql://…` URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:/i.test(url.trim());
}

// COUNT(*) and other int8 results come back as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can): a NUL typed into a form would otherwise turn a
 * lookup or an audit insert into a 500. Every string parameter's NUL becomes U+FFFD; JSON values
 * go through `pgJson`, which does the same inside strings and keys.
 */
const REPLACEMENT = '\uFFFD';
const clean = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', REPLACEMENT) : text);

/** A pg Client that replaces NUL in string parameters (pools of both stores use it). */
export class NulSafeClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; only the values array is touched.
  override query(config: any, values?: any, callback?: any): any {
    if (Array.isArray(values)) {
      values = values.map((v) => (typeof v === 'string' ? clean(v) : v));
    }
    return super.query(config, values, callback);
  }
}

/** JSON for a JSONB parameter: NUL characters in strings and keys replaced (see NulSafeClient). */
export function pgJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return clean(v);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.includes('\u0000'))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), x]));
    }
    return v;
  });
}

const poolLoggers = new WeakMap<PgPool, PostgresLogger>();

/** The logger given to openPostgres for `pool`, if any. */
export function postgresLogger(pool: PgPool): PostgresLogger | undefined {
  return poolLoggers.get(pool);
}

function warnIdleClientLost(err: Error, logger: PostgresLogger | undefined): void {
  const fields = { err: { message: err.message, code: (err as { code?: string }).code } };
  if (logger) logger.warn(fields, 'PostgreSQL: an idle pooled connection was lost; the pool opens a new one');
  else process.emitWarning(`PostgreSQL: an idle pooled connection was lost (${err.message}); the pool opens a new one`);
}

/**
 * Opens a pool on `url` and applies the numbered migrations of `component` (e.g. `idp`).
 * Migration i (0-based) is version i+1 in `schema_migrations`.
 */
export async function openPostgres(
  url: string,
  migrations: readonly PostgresMigration[],
  { component, max = 10, logger }: { component: string; max?: number; logger?: PostgresLogger },
): Promise<PgPool> {
  const pool = new pg.Pool({ connectionString: url, max, Client: NulSafeClient });
  // An idle client losing its connection (server restart) must not crash the process: the pool drops
  // that client and opens a new one on the next query, so the error is only worth a warning.
  pool.on('error', (err) => warnIdleClientLost(err, logger));
  if (logger) poolLoggers.set(pool, logger);
  try {
    await migratePostgres(pool, migrations, component);
  } catch (err) {
    await pool.end();
    throw webError('database_unavailable', `Could not open the PostgreSQL database: ${(err as Error).message}`, { cause: err });
  }
  return pool;
}
