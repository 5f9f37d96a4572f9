// web's one Kysely SessionStore on both engines: the session-store contract (upsert, read back, delete, expiry
// sweep), NUL characters, and sessions that outlive the connection.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL (see engines.ts).
import { expect } from 'chai';
import { type KyselyDatabase, kyselySessionStore, type WebTables } from '../../src/kysely/index.js';
import { sessionStoreContract } from '../support/session-store-contract.js';
import { migrateWebTables } from '../support/web-tables.js';
import { describeOnBothEngines } from './engines.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describeOnBothEngines('Kysely session store', (engine) => {
  let database: KyselyDatabase<WebTables>;
  beforeEach(async () => {
    database = await engine.open<WebTables>(await engine.freshTarget());
    await migrateWebTables(database);
  });

  sessionStoreContract(async () => kyselySessionStore(database.db, database.dialect));

  it('keeps sessions in the database: another connection opened after this one closed still has them', async () => {
    const target = await engine.freshTarget();
    const first = await engine.open<WebTables>(target);
    await migrateWebTables(first);
    await kyselySessionStore(first.db, first.dialect).putSession({ idHash: 'h1', data: { user: 'jane' }, expiresAt: at(60) });
    await first.close();
    const reopened = await engine.open<WebTables>(target);
    expect(await kyselySessionStore(reopened.db, reopened.dialect).getSession('h1')).to.deep.include({ data: { user: 'jane' } });
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
