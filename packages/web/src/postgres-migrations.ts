// Numbered PostgreSQL migrations that several instances may run at once.
import type { PgPool, PgQueryable } from './postgres-pool.js';
import { transaction } from './postgres-transactions.js';

/** A migration: SQL, or a data step in TypeScript run on the migrating transaction's client. */
export type PostgresMigration = string | ((client: PgQueryable) => Promise<void>);

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
