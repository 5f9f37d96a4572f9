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
  /** Empties every table but the migration bookkeeping (`schema_migrations`, `named_migrations`) in one TRUNCATE. */
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
  return {
    url: url.toString(),
    reset: () =>
      withClient(url.toString(), async (client) => {
        const { rows } = await client.query<{ name: string }>(
          "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'named_migrations')",
        );
        if (rows.length) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
      }),
    async drop() {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
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
