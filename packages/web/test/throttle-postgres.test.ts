// The PostgreSQL throttle store passes the same contract as the SQLite one, with two pools on one database
// standing for two instances. Needs TEST_DATABASE_URL (npm test starts a throwaway cluster); fails, never
// skips, without it.
import { testDatabaseServer } from '@samlbridge/test-support';
import {
  createScratchDatabase,
  openPostgres,
  type PgPool,
  POSTGRES_THROTTLE_MIGRATION,
  postgresThrottleStore,
  type ScratchDatabase,
} from '../src/index.js';
import type { ThrottleStore } from '../src/throttle.js';
import { throttleStoreContract } from './throttle-store-contract.js';

describe('PostgreSQL throttle store', () => {
  let database: ScratchDatabase;
  let pools: PgPool[];
  before(async () => {
    database = await createScratchDatabase(testDatabaseServer(), 'web_throttle');
    pools = await Promise.all([1, 2].map(() => openPostgres(database.url, [POSTGRES_THROTTLE_MIGRATION], { component: 'web', max: 5 })));
  });
  after(async () => {
    await Promise.all((pools ?? []).map((p) => p.end()));
    await database?.drop();
  });

  throttleStoreContract(() => pools.map((p) => postgresThrottleStore(p)) as [ThrottleStore, ThrottleStore]);
});
