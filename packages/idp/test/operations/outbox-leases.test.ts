// Outbox leases can be short because a working instance renews them: a slow delivery is never taken over (and sent
// twice) by another worker, a killed instance's rows are taken over once its short lease runs out, and a stopping
// worker finishes its deliveries and hands back anything still leased.
import { eventually } from '@samlbridge/test-support';
import { systemClock } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { DONE, type Target } from '../../src/provisioning/delivery-context.js';
import { createOutboxWorker } from '../../src/provisioning/worker.js';
import type { Store } from '../../src/store/types.js';
import { application } from '../store/fixtures.js';
import { sqliteStoreEachTest } from '../store/sqlite-store-each.js';

const logger = pino({ level: 'silent' });

describe('provisioning outbox leases', () => {
  const appId = 'app-1';
  let store: Store;
  sqliteStoreEachTest('samlbridge-leases-', async (opened) => {
    store = opened;
    await store.applications.insert(application(appId, 'talentlms'));
    await store.outbox.enqueue([{ applicationId: appId, subject: 'user:1', action: 'user.upsert', payload: {} }], systemClock.now());
  });

  let renewals = 0;
  /** The store, counting lease renewals. */
  const counting = (): Store => ({
    ...store,
    outbox: {
      ...store.outbox,
      renewLeases: async (...args) => {
        renewals++;
        return store.outbox.renewLeases(...args);
      },
    },
  });

  const worker = (owner: string, deliver: () => Promise<void>, leaseMs: number) =>
    createOutboxWorker({
      store: counting(),
      clock: systemClock,
      logger,
      concurrency: 2,
      leaseMs,
      pollMs: 20,
      backoff: { baseMs: 10, maxMs: 100 },
      owner,
      target: async () => ({}) as Target,
      deliver: async () => {
        await deliver();
        return DONE;
      },
    });

  it('renews the lease of a delivery that takes longer than the lease, so a second worker never sends it too', async () => {
    const sent: string[] = [];
    let finish: () => void = () => {};
    const a = worker(
      'a',
      () =>
        new Promise<void>((r) => {
          sent.push('a');
          finish = r;
        }),
      400,
    );
    const b = worker('b', async () => void sent.push('b'), 400);
    a.start();
    await eventually(() => sent.length === 1, { what: 'a started the delivery' });
    b.start();
    renewals = 0;
    // Three lease lengths pass while the delivery runs (each renewal comes a third of a lease after the last). The
    // lease is long enough that a busy machine's event-loop pauses do not outlast it.
    await eventually(() => renewals >= 9, { what: 'a renewed its lease through three lease lengths', timeoutMs: 15_000 });
    finish();
    await a.stop();
    await b.stop();
    expect(sent).to.deep.equal(['a']);
    expect((await store.outbox.counts(appId)).done).to.equal(1);
  });

  it('takes over the rows of a killed instance once its short lease runs out', async () => {
    // The killed instance claimed the row and never came back (no renewals, no release).
    expect(await store.outbox.claim('killed', systemClock.now(), 200, 10)).to.have.length(1);
    const sent: string[] = [];
    const b = worker('b', async () => void sent.push('b'), 200);
    b.start();
    // Bounded well below the default 60 s lease: it is the short (200 ms) lease that ran out.
    await eventually(() => sent.length === 1, { what: 'the row was taken over', timeoutMs: 5000 });
    await b.stop();
  });

  it('hands back rows still leased when a worker stops, so another may take them at once', async () => {
    expect(await store.outbox.claim('stopping', systemClock.now(), 60_000, 10)).to.have.length(1);
    expect(await store.outbox.releaseLeases('stopping')).to.equal(1);
    expect(await store.outbox.claim('next', systemClock.now(), 60_000, 10)).to.have.length(1);
  });
});
