import { createScratchDatabase, openPostgres, type PgPool, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { migrations } from '../../src/store/postgres/migrations.js';
import { describeStoreContract } from './contract.js';
import { testDatabaseServer } from './test-database.js';

// One fresh database per run (created on the TEST_DATABASE_URL server, dropped after), emptied
// before each test. `npm test` starts a throwaway cluster and sets TEST_DATABASE_URL.
let database: ScratchDatabase | undefined;
describe('IdP Store on PostgreSQL', () => {
  before(async () => {
    database = await createScratchDatabase(testDatabaseServer(), 'idp_contract');
  });
  after(async () => database?.drop());

  it('migrates a fresh database exactly once when three instances open it at the same moment', async () => {
    const fresh = await createScratchDatabase(testDatabaseServer(), 'idp_race');
    try {
      const pools = await Promise.all([1, 2, 3].map(() => openPostgres(fresh.url, migrations, { component: 'idp', max: 1 })));
      const { rows } = await (pools[0] as PgPool).query<{ version: number; n: number }>(
        "SELECT version, COUNT(*) AS n FROM schema_migrations WHERE component = 'idp' GROUP BY version ORDER BY version",
      );
      await Promise.all(pools.map((p) => p.end()));
      expect(rows).to.deep.equal(migrations.map((_, i) => ({ version: i + 1, n: 1 })));
    } finally {
      await fresh.drop();
    }
  });

  describeStoreContract('PostgreSQL', async () => {
    if (!database) throw new Error('no PostgreSQL test database (see the failure of the "before all" hook)');
    const store = await createPostgresStore(database.url, { poolSize: 12 });
    await database.reset();
    return store;
  });
});
