// Runs a suite on both engines: a temp SQLite file, and a scratch PostgreSQL database on TEST_DATABASE_URL
// (npm test starts a throwaway cluster; missing → the suite fails, never skips).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type ScratchDatabase } from '../../src/index.js';
import { type DatabaseTarget, type KyselyDatabase, type OpenKyselyOptions, openKysely } from '../../src/kysely/index.js';

export interface EngineFixture {
  /** A target for a NEW empty database (each call: another one). */
  freshTarget(): Promise<DatabaseTarget>;
  /** Opens `target`; closed after the test. */
  open<DB>(target: DatabaseTarget, options?: OpenKyselyOptions): Promise<KyselyDatabase<DB>>;
}

export function describeOnBothEngines(title: string, suite: (engine: EngineFixture, kind: 'sqlite' | 'postgres') => void) {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} (${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`, () => {
      let dir: string;
      let n = 0;
      const scratch: ScratchDatabase[] = [];
      const opened: KyselyDatabase<unknown>[] = [];
      before(() => {
        dir = mkdtempSync(join(tmpdir(), 'web-kysely-'));
      });
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((d) => d.close()));
      });
      after(async () => {
        await Promise.all(scratch.splice(0).map((s) => s.drop()));
        rmSync(dir, { recursive: true, force: true });
      });
      const fixture: EngineFixture = {
        async freshTarget() {
          if (kind === 'sqlite') return { kind, file: join(dir, `db-${++n}.sqlite`) };
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
