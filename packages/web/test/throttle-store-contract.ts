// What every ThrottleStore does, on SQLite and PostgreSQL alike: one atomic reservation per attempt, counted
// before the password is checked, exact under concurrency from several connections (several instances).
import { expect } from 'chai';
import type { ThrottleRule, ThrottleStore } from '../src/throttle.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const RULE: ThrottleRule = { max: 5, windowSeconds: 900, lockSeconds: 600 };

/** `stores()` gives two stores over one database (two connections or pools: two instances). */
export function throttleStoreContract(stores: () => [ThrottleStore, ThrottleStore]) {
  let n = 0;
  const fresh = () => `key:${++n}:${Math.random().toString(36).slice(2)}`;

  it('allows exactly max of 30 concurrent reservations from two instances and locks the key', async () => {
    const [a, b] = stores();
    const key = fresh();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).reserve(key, RULE, T0)));
    expect(results.filter((r) => r.allowed).length).to.equal(5);
    expect(
      results
        .filter((r) => r.allowed)
        .map((r) => r.failures)
        .sort(),
    ).to.deep.equal([1, 2, 3, 4, 5]);
    expect(new Set(results.filter((r) => !r.allowed).map((r) => r.lockedUntil?.toISOString()))).to.deep.equal(
      new Set([at(600).toISOString()]),
    );
  });

  it('counts nothing while locked and starts a new window once the lock has expired', async () => {
    const [a] = stores();
    const key = fresh();
    for (let i = 0; i < 5; i++) await a.reserve(key, RULE, at(i));
    const refused = await a.reserve(key, RULE, at(100));
    expect(refused).to.deep.include({ allowed: false, failures: 5 });
    expect(refused.lockedUntil?.toISOString()).to.equal(at(604).toISOString());
    const after = await a.reserve(key, RULE, at(604));
    expect(after).to.deep.include({ allowed: true, failures: 1, lockedUntil: null });
    expect(after.windowStart.toISOString()).to.equal(at(604).toISOString());
  });

  it('starts a new window after windowSeconds', async () => {
    const [a] = stores();
    const key = fresh();
    expect((await a.reserve(key, RULE, T0)).failures).to.equal(1);
    expect((await a.reserve(key, RULE, at(10))).failures).to.equal(2);
    const next = await a.reserve(key, RULE, at(901));
    expect(next).to.deep.include({ allowed: true, failures: 1, lockedUntil: null });
    expect(next.windowStart.toISOString()).to.equal(at(901).toISOString());
  });

  it('releases only the one reservation it is given back, and lifts the lock it completed', async () => {
    const [a, b] = stores();
    const key = fresh();
    const held = await Promise.all(Array.from({ length: 5 }, () => a.reserve(key, RULE, T0)));
    expect(await b.reserve(key, RULE, T0)).to.deep.include({ allowed: false, failures: 5 });
    await b.release(key, RULE, (held[0] as { windowStart: Date }).windowStart);
    const sixth = await b.reserve(key, RULE, T0);
    expect(sixth).to.deep.include({ allowed: true, failures: 5 });
    expect(await a.reserve(key, RULE, T0), 'four failures and the sixth attempt still count').to.deep.include({
      allowed: false,
      failures: 5,
    });
  });

  it('leaves a later window alone when an old reservation is given back', async () => {
    const [a] = stores();
    const key = fresh();
    const old = await a.reserve(key, RULE, T0);
    for (let i = 0; i < 4; i++) await a.reserve(key, RULE, at(1000));
    await a.release(key, RULE, old.windowStart);
    expect(await a.reserve(key, RULE, at(1001))).to.deep.include({ allowed: true, failures: 5 });
    expect(await a.reserve(key, RULE, at(1002))).to.deep.include({ allowed: false, failures: 5 });
  });

  it('locks on the first attempt when max is 1, and refuses the second', async () => {
    const [a] = stores();
    const key = fresh();
    const rule = { max: 1, windowSeconds: 60, lockSeconds: 30 };
    const first = await a.reserve(key, rule, T0);
    expect(first).to.deep.include({ allowed: true, failures: 1 });
    expect(first.lockedUntil?.toISOString()).to.equal(at(30).toISOString());
    expect(await a.reserve(key, rule, at(1))).to.deep.include({ allowed: false, failures: 1 });
  });

  it('refuses and locks when a lowered max is already exceeded', async () => {
    const [a] = stores();
    const key = fresh();
    for (let i = 0; i < 4; i++) await a.reserve(key, RULE, T0);
    const lowered = { ...RULE, max: 2 };
    const r = await a.reserve(key, lowered, at(1));
    expect(r).to.deep.include({ allowed: false, failures: 5 });
    expect(r.lockedUntil?.toISOString()).to.equal(at(601).toISOString());
  });
}
