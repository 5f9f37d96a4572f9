// What web's session store must do on either engine (SQLite file, PostgreSQL); kysely/session-store.test.ts runs it on both.
import { expect } from 'chai';
import type { SweepableSessionStore } from '../../src/kysely/index.js';
import type { SessionRecord } from '../../src/session.js';

const T0 = new Date('2026-05-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const record = (idHash: string, data: Record<string, unknown>, expiresAt: Date): SessionRecord => ({ idHash, data, expiresAt });

/** `fresh()` gives an empty store for each test. */
export function sessionStoreContract(fresh: () => Promise<SweepableSessionStore>): void {
  it('returns undefined for an unknown session', async () => {
    const store = await fresh();
    expect(await store.getSession('no-such-hash')).to.equal(undefined);
  });

  it('reads back the data and the expiry (to the millisecond) it stored', async () => {
    const store = await fresh();
    const data = { user: 'jane', nested: { n: 1, list: ['a', 'ü', '日本'] }, flag: true, none: null };
    await store.putSession(record('h1', data, at(1234)));
    expect(await store.getSession('h1')).to.deep.equal(record('h1', data, at(1234)));
  });

  it('replaces the data and the expiry when the same session is stored again', async () => {
    const store = await fresh();
    await store.putSession(record('h1', { step: 1, old: 'x' }, at(1000)));
    await store.putSession(record('h1', { step: 2 }, at(9000)));
    expect(await store.getSession('h1')).to.deep.equal(record('h1', { step: 2 }, at(9000)));
  });

  it('deletes one session and leaves the others', async () => {
    const store = await fresh();
    await store.putSession(record('h1', { a: 1 }, at(1000)));
    await store.putSession(record('h2', { b: 2 }, at(1000)));
    await store.deleteSession('h1');
    expect(await store.getSession('h1')).to.equal(undefined);
    expect(await store.getSession('h2')).to.deep.equal(record('h2', { b: 2 }, at(1000)));
  });

  it('sweeps the sessions that expired at or before now, counts them, and keeps the live ones', async () => {
    const store = await fresh();
    await store.putSession(record('past', {}, at(-1)));
    await store.putSession(record('now', {}, at(0)));
    await store.putSession(record('later', {}, at(1)));
    expect(await store.deleteExpired(T0)).to.equal(2);
    expect(await store.getSession('past')).to.equal(undefined);
    expect(await store.getSession('now')).to.equal(undefined);
    expect(await store.getSession('later')).to.deep.equal(record('later', {}, at(1)));
    expect(await store.deleteExpired(T0)).to.equal(0);
  });
}
