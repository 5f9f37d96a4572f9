// web's one Kysely ThrottleStore passes the throttle contract on both engines, two handles on one database
// standing for two instances.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL (see engines.ts).

import { type KyselyDatabase, kyselyThrottleStore, type WebTables } from '../../src/kysely/index.js';
import type { ThrottleStore } from '../../src/throttle.js';
import { migrateWebTables } from '../support/web-tables.js';
import { throttleStoreContract } from '../throttle-store-contract.js';
import { describeOnBothEngines } from './engines.js';

describeOnBothEngines('Kysely throttle store', (engine) => {
  let pair: KyselyDatabase<WebTables>[] = [];
  beforeEach(async () => {
    const target = await engine.freshTarget();
    pair = [await engine.open<WebTables>(target), await engine.open<WebTables>(target)];
    await migrateWebTables(pair[0] as KyselyDatabase<WebTables>);
  });
  throttleStoreContract(() => pair.map((d) => kyselyThrottleStore(d.db, d.dialect)) as [ThrottleStore, ThrottleStore]);
});
