// Runs a suite on both engines: a temp SQLite file, and a scratch PostgreSQL database on TEST_DATABASE_URL
// (npm test starts a throwaway cluster; missing → the suite fails, never skips).
// PostgreSQL: a suite's scratch databases are used again by its next tests. After each test every one handed out is
// emptied (its other connections ended, its public schema dropped with everything in it and made again as
// CREATE DATABASE makes it), a few ms of server CPU where a new database costs a copy of template1. One that cannot be
// emptied so (PostgreSQL 13, no pg_database_owner; a role that does not own the schema) is dropped instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseServer } from '@samlbridge/test-support';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase } from '../../src/index.js';
import { type DatabaseTarget, type KyselyDatabase, type OpenKyselyOptions, openKysely } from '../../src/kysely/index.js';

export interface EngineFixture {
  /** A target for a NEW empty database (each call: another one). */
  freshTarget(): Promise<DatabaseTarget>;
  /** Opens `target`; closed after the test. */
  open<DB>(target: DatabaseTarget, options?: OpenKyselyOptions): Promise<KyselyDatabase<DB>>;
}

/** Empties `database` to what CREATE DATABASE gives (PostgreSQL ≥ 14: the public schema owned by pg_database_owner). */
export async function emptyAgain(database: ScratchDatabase): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await client.query(
      'DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC',
    );
  } finally {
    await client.end();
  }
}

export function describeOnBothEngines(title: string, suite: (engine: EngineFixture, kind: 'sqlite' | 'postgres') => void) {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} (${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`, () => {
      let dir: string;
      let n = 0;
      const scratch: ScratchDatabase[] = [];
      /** Scratch databases emptied and not handed out in this test. */
      let free: ScratchDatabase[] = [];
      const opened: KyselyDatabase<unknown>[] = [];
      before(() => {
        dir = mkdtempSync(join(tmpdir(), 'web-kysely-'));
      });
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((d) => d.close()));
        const used = scratch.filter((s) => !free.includes(s));
        const emptied = await Promise.all(
          used.map((s) =>
            emptyAgain(s).then(
              () => s,
              async () => {
                // Not emptied: dropped, and a later test gets a new database.
                scratch.splice(scratch.indexOf(s), 1);
                await s.drop();
                return undefined;
              },
            ),
          ),
        );
        free = [...free, ...emptied.filter((s) => s !== undefined)];
      });
      after(async () => {
        await Promise.all(scratch.splice(0).map((s) => s.drop()));
        rmSync(dir, { recursive: true, force: true });
      });
      const fixture: EngineFixture = {
        async freshTarget() {
          if (kind === 'sqlite') return { kind, file: join(dir, `db-${++n}.sqlite`) };
          const reused = free.shift();
          if (reused) return { kind, url: reused.url, poolSize: 5 };
          const database = await createScratchDatabase(testDatabaseServer(), 'web_kysely');
          scratch.push(database);
          return { kind, url: database.url, poolSize: 5 };
        },
        async open<DB>(target: DatabaseTarget, options?: OpenKyselyOptions) {
          const database = await openKysely<DB>(target, options);
          opened.push(database as KyselyDatabase<unknown>);
          return database;
        },
      };
      suite(fixture, kind);
    });
  }
}
