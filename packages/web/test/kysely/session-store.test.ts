// web's one Kysely SessionStore on both engines: upsert, read back, delete, expiry sweep.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL (see engines.ts).
import { expect } from 'chai';
import { type KyselyDatabase, kyselySessionStore, migrateToLatest, type WebTables } from '../../src/kysely/index.js';
import { describeOnBothEngines } from './engines.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const SESSIONS_SQLITE = 'CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at TEXT NOT NULL)';
const SESSIONS_POSTGRES = 'CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, data JSONB NOT NULL, expires_at TIMESTAMPTZ NOT NULL)';

describeOnBothEngines('Kysely session store', (engine) => {
  let database: KyselyDatabase<WebTables>;
  beforeEach(async () => {
    database = await engine.open<WebTables>(await engine.freshTarget());
    await migrateToLatest(database, { legacy: { component: 'web', sqlite: [SESSIONS_SQLITE], postgres: [SESSIONS_POSTGRES] }, steps: [] });
  });

  it('reads back the data and expiry it stored, and the last write wins', async () => {
    const store = kyselySessionStore(database.db, database.dialect);
    await store.putSession({ idHash: 'h1', data: { user: 'jane', n: 1 }, expiresAt: at(60) });
    await store.putSession({ idHash: 'h1', data: { user: 'jane', n: 2, nested: { ok: true } }, expiresAt: at(120) });
    const got = await store.getSession('h1');
    expect(got?.data).to.deep.equal({ user: 'jane', n: 2, nested: { ok: true } });
    expect(got?.expiresAt.toISOString()).to.equal(at(120).toISOString());
    expect(await store.getSession('absent')).to.equal(undefined);
  });

  it('deletes one session, and sweeps exactly the ones expired at the given time', async () => {
    const store = kyselySessionStore(database.db, database.dialect);
    for (const [id, s] of [
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ] as const)
      await store.putSession({ idHash: id, data: {}, expiresAt: at(s) });
    await store.deleteSession('c');
    expect(await store.deleteExpired(at(10))).to.equal(1);
    expect(await store.getSession('a')).to.equal(undefined);
    expect(await store.getSession('b')).to.not.equal(undefined);
    expect(await store.getSession('c')).to.equal(undefined);
  });

  it('stores a session whose data holds a NUL character', async () => {
    const store = kyselySessionStore(database.db, database.dialect);
    await store.putSession({ idHash: 'nul', data: { note: 'a\u0000b' }, expiresAt: at(60) });
    const note = (await store.getSession('nul'))?.data.note;
    expect(typeof note === 'string' && note.length).to.equal(3);
  });
});
