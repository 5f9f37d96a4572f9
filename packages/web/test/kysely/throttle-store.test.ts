// web's one Kysely ThrottleStore passes the throttle contract on both engines, two handles on one database
// standing for two instances.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL (see engines.ts).
import { type KyselyDatabase, kyselyThrottleStore, migrateToLatest, type WebTables } from '../../src/kysely/index.js';
import { POSTGRES_THROTTLE_MIGRATION } from '../../src/postgres.js';
import { THROTTLE_MIGRATION, type ThrottleStore } from '../../src/throttle.js';
import { throttleStoreContract } from '../throttle-store-contract.js';
import { describeOnBothEngines } from './engines.js';

const legacy = { component: 'web', sqlite: [THROTTLE_MIGRATION], postgres: [POSTGRES_THROTTLE_MIGRATION] };

describeOnBothEngines('Kysely throttle store', (engine) => {
  let pair: KyselyDatabase<WebTables>[] = [];
  beforeEach(async () => {
    const target = await engine.freshTarget();
    pair = [await engine.open<WebTables>(target), await engine.open<WebTables>(target)];
    await migrateToLatest(pair[0] as KyselyDatabase<WebTables>, { legacy, steps: [] });
  });
  throttleStoreContract(() => pair.map((d) => kyselyThrottleStore(d.db, d.dialect)) as [ThrottleStore, ThrottleStore]);
});
