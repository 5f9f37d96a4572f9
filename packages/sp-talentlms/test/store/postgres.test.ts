import { emptiedStoreEachTest, scratchDatabaseFixture, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, LEGACY_SCHEMA_MIGRATION, NAMED_MIGRATIONS_TABLE } from '@samlbridge/web';
import { expect } from 'chai';
import { createStore } from '../../src/store/index.js';
import { SP_MIGRATIONS } from '../../src/store/migrations/index.js';
import { LEGACY_POSTGRES_MIGRATIONS } from '../../src/store/migrations/legacy-postgres.js';
import { migratedSpDatabase } from '../helpers/scratch-database.js';
import { describeStoreContract } from './contract.js';
import { openRawDatabase } from './legacy-database.js';

// One fresh database per run (created on the TEST_DATABASE_URL server, dropped after) and one store on it, the
// database emptied before each test. `npm test` starts a throwaway cluster and sets TEST_DATABASE_URL.
describe('SP Store on PostgreSQL', () => {
  const database = scratchDatabaseFixture(() => migratedSpDatabase('sp_contract'));

  it('migrates a fresh database exactly once when three instances open it at the same moment', async () => {
    const fresh = await createScratchDatabase(testDatabaseServer(), 'sp_race');
    try {
      const target = { kind: 'postgres', url: fresh.url, poolSize: 1 } as const;
      const stores = await Promise.all([1, 2, 3].map(() => createStore(target)));
      await Promise.all(stores.map((s) => s.close()));
      const db = await openRawDatabase(target);
      try {
        const legacy = await db.exec(
          "SELECT version, COUNT(*) AS n FROM schema_migrations WHERE component = 'sp' GROUP BY version ORDER BY version",
        );
        expect(legacy.map((r) => [Number(r.version), Number(r.n)])).to.deep.equal(LEGACY_POSTGRES_MIGRATIONS.map((_, i) => [i + 1, 1]));
        const named = await db.exec(`SELECT name FROM ${NAMED_MIGRATIONS_TABLE} WHERE component = 'sp'`);
        expect(named.map((r) => String(r.name)).sort()).to.deep.equal(
          [LEGACY_SCHEMA_MIGRATION, ...SP_MIGRATIONS.steps.map((step) => step.name)].sort(),
        );
      } finally {
        await db.close();
      }
    } finally {
      await fresh.drop();
    }
  });

  describeStoreContract(
    'PostgreSQL',
    emptiedStoreEachTest(database, (url) => createStore({ kind: 'postgres', url, poolSize: 12 })),
  );
});
