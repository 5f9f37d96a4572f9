// An app on a PostgreSQL database it cannot write (default_transaction_read_only on the database: a real
// read-only database): start-up is refused with a clear message; at run time /readyz fails and writes answer 503
// with Retry-After. One suite for both apps, each naming how it starts and one write of its admin API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { testDatabaseServer } from './test-database.js';

/**
 * Turns default_transaction_read_only on (or off) for the database at `databaseUrl`, and ends its open
 * connections: they keep the old setting, and the app's pool reconnects under the new one.
 */
export async function setDatabaseReadOnly(databaseUrl: string, on: boolean): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: testDatabaseServer() });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  } finally {
    await client.end();
  }
}

export interface ReadOnlyDatabaseApp {
  /** As the start-up error names it: "IdP", "SP". */
  name: string;
  /** A new scratch database on testDatabaseServer(), dropped after each test. */
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  /** Starts the app on the database with its data in `dataDir`, listening on a free port. */
  serve(databaseUrl: string, dataDir: string): Promise<{ url: string; close(): Promise<void> }>;
  /** One write through the app's admin API (a change the app must store). */
  write(baseUrl: string): Promise<Response>;
}

type Hook = (fn: () => Promise<void>) => void;
type Test = (title: string, fn: () => Promise<void>) => void;
const mocha = globalThis as unknown as { describe: (title: string, fn: () => void) => void; it: Test; beforeEach: Hook; afterEach: Hook };

export function describeReadOnlyDatabase(app: ReadOnlyDatabaseApp): void {
  mocha.describe(`${app.name} on a PostgreSQL database it cannot write`, function (this: { timeout(ms: number): void }) {
    this.timeout(60_000);
    let db: { url: string; drop(): Promise<void> };
    let dir: string;
    const serve = () => app.serve(db.url, dir);

    mocha.beforeEach(async () => {
      db = await app.createDatabase();
      dir = mkdtempSync(join(tmpdir(), 'samlbridge-ro-'));
    });
    mocha.afterEach(async () => {
      await setDatabaseReadOnly(db.url, false);
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    mocha.it('refuses to start, saying the database cannot be written and what to check', async () => {
      const first = await serve();
      await first.close();
      await setDatabaseReadOnly(db.url, true);
      const err = await serve().then(
        () => undefined,
        (e: Error & { code?: string }) => e,
      );
      expect(err?.code).to.equal('database_not_writable');
      expect(err?.message).to.contain(`The ${app.name} cannot write its PostgreSQL database`);
      expect(err?.message).to.contain('does not start on a database it cannot write');
      expect(err?.message).not.to.contain(new URL(db.url).password || 'no-password-in-url');
    });

    mocha.it('fails /readyz and answers a write with 503 and Retry-After when the database turns read-only while running', async () => {
      const server = await serve();
      try {
        expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
        await setDatabaseReadOnly(db.url, true);
        const ready = await fetch(`${server.url}/readyz`);
        expect(ready.status).to.equal(503);
        expect(((await ready.json()) as { checks: Record<string, string> }).checks.database_writable).to.equal('failed');
        const write = await app.write(server.url);
        expect(write.status).to.equal(503);
        expect(write.headers.get('retry-after')).to.equal('5');
        expect(((await write.json()) as { error: string }).error).to.equal('storage_unavailable');
      } finally {
        await server.close();
      }
    });
  });
}
