// Throwaway PostgreSQL databases for tests and tooling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from './kysely/open-kysely.js';
import { type ScratchTemplate, scratchTemplateName } from './postgres-template.js';

/**
 * Creates a new database on the server of `serverUrl` (tests, tooling) and returns its URL and a `drop()` that
 * removes it (closing other connections first). Empty; with `template`, a copy of that migrated template
 * (postgres-template.ts), for suites that need a migrated store rather than the migration itself.
 */
export interface ScratchDatabase {
  url: string;
  /**
   * Empties every table but the migration bookkeeping (`schema_migrations`, `named_migrations`): one TRUNCATE of
   * the tables holding rows, and every used sequence back to its start.
   */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'samlbridge',
  { template }: { template?: ScratchTemplate } = {},
): Promise<ScratchDatabase> {
  const from = template ? ` TEMPLATE "${await scratchTemplateName(serverUrl, template)}"` : '';
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
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"${from}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // One connection for every reset of this database, ended before the drop: a new connection costs the server a
  // backend process (≈ 25 ms of CPU on a 2-core VM), and a store suite resets once per test.
  let resetClient: pg.Client | undefined;
  const connectForResets = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url.toString() });
    // Ended by the server while idle (a test that terminates backends): forgotten, the next reset connects again.
    client.on('error', () => {
      if (resetClient === client) resetClient = undefined;
    });
    await client.connect();
    resetClient = client;
    return client;
  };
  const reset = async (): Promise<void> => {
    const reused = resetClient;
    try {
      await emptyTables(reused ?? (await connectForResets()));
    } catch (err) {
      const failed = resetClient;
      resetClient = undefined;
      await failed?.end();
      // The kept connection may have been ended before its 'error' event arrived: once more on a new one.
      if (!reused) throw err;
      await emptyTables(await connectForResets());
    }
  };
  return {
    url: url.toString(),
    reset,
    async drop() {
      const resets = resetClient;
      resetClient = undefined;
      await resets?.end();
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * Empties every table of the public schema but the migration bookkeeping: one TRUNCATE of the tables holding rows,
 * and every sequence used since back to its start.
 */
async function emptyTables(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string; literal: string }>(
    "SELECT quote_ident(tablename) AS name, quote_literal(quote_ident(tablename)) AS literal FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'named_migrations')",
  );
  if (rows.length === 0) return;
  // Only the tables holding rows: TRUNCATE gives each table it names (and its indexes) new files, a few ms of
  // server CPU per table, and a test leaves most tables empty.
  const filled = await client.query<{ name: string }>(
    rows.map((r) => `SELECT ${r.literal} AS name WHERE EXISTS (SELECT FROM ${r.name})`).join(' UNION ALL '),
  );
  // What RESTART IDENTITY did, also for a table emptied meanwhile: every sequence used since starts again.
  await client.query(
    "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL",
  );
  if (filled.rows.length) await client.query(`TRUNCATE ${filled.rows.map((r) => r.name).join(', ')} CASCADE`);
}

/** One engine of a suite that runs on both: `open()` makes a new empty database and the `drop()` that removes it. */
export interface ScratchEngine {
  name: 'SQLite' | 'PostgreSQL';
  kind: 'sqlite' | 'postgres';
  open(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }>;
}

/**
 * Both engines: a SQLite file in a new temp folder, and a scratch database on the PostgreSQL server of `serverUrl()`
 * (with `template`: a copy of that migrated template).
 */
export function scratchEngines(
  serverUrl: () => string,
  prefix: string,
  options: { template?: ScratchTemplate } = {},
): readonly ScratchEngine[] {
  return [
    {
      name: 'SQLite',
      kind: 'sqlite',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
        return {
          target: { kind: 'sqlite', file: join(dir, `${prefix}.db`) },
          drop: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
    {
      name: 'PostgreSQL',
      kind: 'postgres',
      async open() {
        const scratch = await createScratchDatabase(serverUrl(), prefix, options);
        return { target: { kind: 'postgres', url: scratch.url }, drop: () => scratch.drop() };
      },
    },
  ];
}
