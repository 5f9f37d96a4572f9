import { emptiedStoreEachTest, scratchDatabaseFixture, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type KyselyDatabase, openKysely } from '@samlbridge/web';
import { expect } from 'chai';
import { sql } from 'kysely';
import { createStore } from '../../src/store/index.js';
import { legacyMigrations, namedMigrations } from '../../src/store/migrations/index.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';
import { describeStoreContract } from './contract.js';

// One fresh database per run (created on the TEST_DATABASE_URL server, dropped after) and one store on it, the
// database emptied before each test. `npm test` starts a throwaway cluster and sets TEST_DATABASE_URL.
describe('IdP Store on PostgreSQL', () => {
  const database = scratchDatabaseFixture(() => migratedIdpDatabase('idp_contract'));

  it('migrates a fresh database exactly once when three instances open it at the same moment', async () => {
    const fresh = await createScratchDatabase(testDatabaseServer(), 'idp_race');
    let check: KyselyDatabase<unknown> | undefined;
    try {
      const stores = await Promise.all([1, 2, 3].map(() => createStore({ kind: 'postgres', url: fresh.url, poolSize: 1 })));
      await Promise.all(stores.map((s) => s.close()));
      check = await openKysely({ kind: 'postgres', url: fresh.url });
      const { db } = check;
      const legacy = await sql<{ version: number; n: number }>`
        SELECT version, COUNT(*)::int AS n FROM schema_migrations WHERE component = 'idp' GROUP BY version ORDER BY version`.execute(db);
      expect(legacy.rows).to.deep.equal(legacyMigrations.postgres.map((_, i) => ({ version: i + 1, n: 1 })));
      const named = await sql<{ name: string }>`SELECT name FROM named_migrations WHERE component = 'idp' ORDER BY name`.execute(db);
      expect(named.rows.map((r) => r.name)).to.deep.equal([legacyMigrations.name, ...namedMigrations.map((m) => m.name)]);
    } finally {
      await check?.close();
      await fresh.drop();
    }
  });

  describeStoreContract(
    'PostgreSQL',
    emptiedStoreEachTest(database, (url) => createStore({ kind: 'postgres', url, poolSize: 12 })),
  );
});
