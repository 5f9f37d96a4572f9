// The PostgreSQL throttle store counts failures in one atomic statement, like the SQLite one:
// concurrent failures from several instances are never lost. Needs TEST_DATABASE_URL (npm test
// starts a throwaway cluster); fails, never skips, without it.
import { expect } from 'chai';
import {
  createScratchDatabase,
  openPostgres,
  type PgPool,
  POSTGRES_THROTTLE_MIGRATION,
  postgresThrottleStore,
  type ScratchDatabase,
} from '../src/index.js';

describe('PostgreSQL throttle store', () => {
  let database: ScratchDatabase;
  let pools: PgPool[];
  before(async () => {
    const server = process.env.TEST_DATABASE_URL;
    if (!server) throw new Error('TEST_DATABASE_URL is not set: run the tests through `npm test`, which starts a PostgreSQL cluster');
    database = await createScratchDatabase(server, 'web_throttle');
    pools = await Promise.all([1, 2].map(() => openPostgres(database.url, [POSTGRES_THROTTLE_MIGRATION], { component: 'web', max: 5 })));
  });
  after(async () => {
    await Promise.all((pools ?? []).map((p) => p.end()));
    await database?.drop();
  });

  it('counts concurrent failures from two pools (two instances) without losing any', async () => {
    const [a, b] = pools.map((p) => postgresThrottleStore(p));
    const rule = { max: 100, windowSeconds: 900, lockSeconds: 900 };
    const now = new Date('2026-11-28T10:00:00Z');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ((i % 2 ? a : b) as ReturnType<typeof postgresThrottleStore>).recordFailure!('user:1', rule, now),
      ),
    );
    expect((await a!.getThrottle('user:1'))?.failures).to.equal(20);
  });

  it('locks when the count reaches max and starts a new window after windowSeconds', async () => {
    const store = postgresThrottleStore(pools[0] as PgPool);
    const rule = { max: 3, windowSeconds: 60, lockSeconds: 600 };
    const t0 = new Date('2026-11-28T11:00:00Z');
    await store.recordFailure!('user:2', rule, t0);
    const later = new Date(t0.getTime() + 61_000);
    expect((await store.recordFailure!('user:2', rule, later)).failures).to.equal(1);
    await store.recordFailure!('user:2', rule, later);
    const locked = await store.recordFailure!('user:2', rule, later);
    expect(locked.lockedUntil?.toISOString()).to.equal(new Date(later.getTime() + 600_000).toISOString());
    expect(locked.failures).to.equal(0);
  });
});
