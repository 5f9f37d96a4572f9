// PostgreSQL plumbing both stores share (DESIGN §4): a pool, numbered migrations that several
// instances may run at once, a transaction helper, and the mapping of unique violations to the
// same 409 `conflict` the SQLite stores raise.
import { SamlbridgeError } from '@samlbridge/protocol';
import pg from 'pg';
import type { ThrottleStore } from './throttle.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** A pool or a client inside a transaction: anything that runs a query. */
export type PgQueryable = Pick<pg.Pool, 'query'>;

/** A migration: SQL, or a data step in TypeScript run on the migrating transaction's client. */
export type PostgresMigration = string | ((client: PgQueryable) => Promise<void>);

/** True for `postgres://…` and `postgresql://…` URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:/i.test(url.trim());
}

// COUNT(*) and other int8 results come back as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * Opens a pool on `url` and applies the numbered migrations of `component` (e.g. `idp`).
 * Migration i (0-based) is version i+1 in `schema_migrations`.
 */
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

export async function openPostgres(
  url: string,
  migrations: readonly PostgresMigration[],
  { component, max = 10 }: { component: string; max?: number },
): Promise<PgPool> {
  const pool = new pg.Pool({ connectionString: url, max, Client: NulSafeClient });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool, migrations, component);
  } catch (err) {
    await pool.end();
    throw new SamlbridgeError('database_unavailable', `Could not open the PostgreSQL database: ${(err as Error).message}`, {
      status: 500,
      cause: err,
    });
  }
  return pool;
}

/**
 * Applies missing migrations in ONE transaction holding an advisory lock, so two instances that
 * start together never both apply a version: the second waits, then sees it applied.
 */
export async function migratePostgres(pool: PgPool, migrations: readonly PostgresMigration[], component: string): Promise<number> {
  return transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`samlbridge:migrations:${component}`]);
    return applyPostgresMigrations(client, migrations, component);
  });
}

/**
 * The missing numbered migrations of `component`, on a client inside a transaction that holds the
 * migration lock (migratePostgres above; web's Kysely migration runner for the legacy lists).
 */
export async function applyPostgresMigrations(
  client: PgQueryable,
  migrations: readonly PostgresMigration[],
  component: string,
): Promise<number> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       component TEXT NOT NULL,
       version INTEGER NOT NULL,
       applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
       PRIMARY KEY (component, version)
     )`,
  );
  const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations WHERE component = $1', [
    component,
  ]);
  const current = rows[0]?.v ?? 0;
  for (let i = current; i < migrations.length; i++) {
    const step = migrations[i] as PostgresMigration;
    if (typeof step === 'string') await client.query(step);
    else await step(client);
    await client.query('INSERT INTO schema_migrations (component, version) VALUES ($1, $2)', [component, i + 1]);
  }
  return Math.max(0, migrations.length - current);
}

/** Runs `fn` in a transaction on one pooled client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function transaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** `table.column` of a unique violation (23505), read from the server's detail "Key (col)=(…) already exists". */
export function uniqueViolationColumn(err: unknown): string | undefined {
  const e = err as { code?: string; table?: string; detail?: string };
  if (e?.code !== '23505') return undefined;
  const columns = /Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1] ?? '';
  // A composite key names its last column: the one that differs within a parent (e.g. tenant, login).
  const column = columns.split(',').pop()?.trim() ?? '';
  return `${e.table ?? ''}.${column}`;
}

/**
 * Runs a write; a unique violation becomes the 409 `conflict` the services raise themselves
 * (race-safe), naming the field `fieldOf[table.column]` (default: the column).
 */
export async function pgGuarded<T>(fieldOf: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const column = uniqueViolationColumn(err);
    if (column === undefined) throw err;
    const field = fieldOf[column] ?? column.split('.').pop() ?? column;
    throw new SamlbridgeError('conflict', `Another record already uses this ${field}`, {
      status: 409,
      details: [{ field, message: 'already in use' }],
      cause: err,
    });
  }
}

/**
 * Creates a new, empty database on the server of `serverUrl` (tests, tooling) and returns its URL
 * and a `drop()` that removes it (closing other connections first).
 */
export interface ScratchDatabase {
  url: string;
  /** Empties every table but `schema_migrations` (one TRUNCATE), so the next test starts clean. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string, prefix = 'samlbridge'): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const withClient = async <T>(target: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    reset: () =>
      withClient(url.toString(), async (client) => {
        const { rows } = await client.query<{ name: string }>(
          "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
        );
        if (rows.length) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
      }),
    async drop() {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** PostgreSQL version of THROTTLE_MIGRATION (throttle.ts): both apps append it to their PG migrations. */
export const POSTGRES_THROTTLE_MIGRATION = `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
  );
`;

/** The PostgreSQL ThrottleStore over POSTGRES_THROTTLE_MIGRATION's table (written once, used by both apps). */
export function postgresThrottleStore(db: PgQueryable): ThrottleStore {
  type Row = { failures: number; window_start: Date; locked_until: Date | null };
  // One atomic upsert, as in sqliteThrottleStore: $2 now, $3 window cutoff, $4 lock end, $5 max, $6 first lock.
  // Concurrent upserts on one key wait for the row lock and then see the latest row (the DO UPDATE … WHERE is
  // re-evaluated on it), so the count is exact across instances. No row back → locked, nothing counted.
  const fresh = '(login_throttle.window_start <= $3::timestamptz OR login_throttle.locked_until IS NOT NULL)';
  const n = `CASE WHEN ${fresh} THEN 1 ELSE login_throttle.failures + 1 END`;
  const reserveSql = `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2::timestamptz, $6::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = ${n},
       window_start = CASE WHEN ${fresh} THEN $2::timestamptz ELSE login_throttle.window_start END,
       locked_until = CASE WHEN ${n} >= $5::integer THEN $4::timestamptz ELSE NULL END
     WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $2::timestamptz
     RETURNING failures, window_start, locked_until`;
  const toReservation = (r: Row, allowed: boolean, max: number) => ({
    allowed: allowed && r.failures <= max,
    failures: r.failures,
    windowStart: r.window_start,
    lockedUntil: r.locked_until,
  });
  return {
    async reserve(key, rule, now) {
      const lockEnd = new Date(now.getTime() + rule.lockSeconds * 1000);
      const cutoff = new Date(now.getTime() - rule.windowSeconds * 1000);
      const counted = await db.query<Row>(reserveSql, [key, now, cutoff, lockEnd, rule.max, rule.max <= 1 ? lockEnd : null]);
      if (counted.rows[0]) return toReservation(counted.rows[0], true, rule.max);
      const { rows } = await db.query<Row>('SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1', [key]);
      return toReservation(rows[0] ?? { failures: 0, window_start: now, locked_until: null }, false, rule.max);
    },
    async release(key, rule, windowStart) {
      await db.query(
        `UPDATE login_throttle SET
           failures = failures - 1,
           locked_until = CASE WHEN failures - 1 >= $2::integer THEN locked_until ELSE NULL END
         WHERE key = $1 AND window_start = $3::timestamptz AND failures > 0`,
        [key, rule.max, windowStart],
      );
    },
  };
}
