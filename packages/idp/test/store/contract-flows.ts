// IdP Store contract, flows: untrusted text, sessions, login flows, events, transactions.
import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at, event, flow, rejection, T0, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function flowsContract(store: Store) {
  describe('untrusted text', () => {
    it('takes a NUL character typed into a form without failing (lookups miss, audit events are kept)', async () => {
      await store.users.insert(user('u1', 'admin'));
      expect(await store.users.findByUsername('ad\u0000min')).to.equal(undefined);
      expect(await store.users.findByEmail('\u0000')).to.equal(undefined);
      await store.events.insert(
        event('e1', 1, { username: 'ad\u0000min', initiator: 'ad\u0000min', detail: { typed: 'a\u0000b', 'k\u0000': 1 } }),
      );
      const [stored] = (await store.events.list({ limit: 1, offset: 0 })).items;
      expect(stored?.username?.startsWith('ad')).to.equal(true);
      await store.sessions.putSession({ idHash: 'h', data: { flash: 'x\u0000y' }, expiresAt: at(60) });
      expect(String((await store.sessions.getSession('h'))?.data.flash).startsWith('x')).to.equal(true);
    });
  });

  describe('sessions', () => {
    it('stores, replaces (upsert) and deletes a session by ID hash', async () => {
      await store.sessions.putSession({ idHash: 'h1', data: { userId: 'u1', csrf: 'x' }, expiresAt: at(100) });
      await store.sessions.putSession({ idHash: 'h1', data: { userId: 'u1', flows: ['f1'] }, expiresAt: at(200) });
      expect(await store.sessions.getSession('h1')).to.deep.equal({
        idHash: 'h1',
        data: { userId: 'u1', flows: ['f1'] },
        expiresAt: at(200),
      });
      await store.sessions.deleteSession('h1');
      expect(await store.sessions.getSession('h1')).to.equal(undefined);
    });

    it('keeps the last of concurrent writes of one session intact', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.sessions.putSession({ idHash: 'h', data: { i }, expiresAt: at(100 + i) })),
      );
      const s = await store.sessions.getSession('h');
      expect(s?.expiresAt.getTime()).to.equal(at(100 + (s?.data.i as number)).getTime());
    });

    it('sweeps expired sessions only', async () => {
      await store.sessions.putSession({ idHash: 'old', data: {}, expiresAt: at(10) });
      await store.sessions.putSession({ idHash: 'edge', data: {}, expiresAt: at(20) });
      await store.sessions.putSession({ idHash: 'live', data: {}, expiresAt: at(30) });
      expect(await store.sessions.deleteExpired(at(20))).to.equal(2);
      expect(await store.sessions.getSession('live')).to.not.equal(undefined);
      expect(await store.sessions.getSession('old')).to.equal(undefined);
    });
  });

  describe('login flows', () => {
    beforeEach(async () => {
      await store.applications.insert(application('a1', 'talentlms'));
    });

    it('round-trips SP-initiated and IdP-initiated flows', async () => {
      const sp = flow('f1', 'a1', 900, {
        id: '_req1',
        acsUrl: 'https://sp.example.test/acs',
        forceAuthn: true,
        isPassive: false,
        issuer: 'sp',
      });
      const idp = flow('f2', 'a1', 900);
      await store.loginFlows.insert(sp);
      await store.loginFlows.insert(idp);
      expect(await store.loginFlows.get('f1')).to.deep.equal(sp);
      expect(await store.loginFlows.get('f2')).to.deep.equal(idp);
    });

    it('lets exactly one of ten concurrent consumers take a flow', async () => {
      await store.loginFlows.insert(flow('f1', 'a1', 900));
      const results = await Promise.all(Array.from({ length: 10 }, () => store.loginFlows.delete('f1')));
      expect(results.filter(Boolean)).to.have.length(1);
      expect(await store.loginFlows.get('f1')).to.equal(undefined);
    });

    it('sweeps expired flows only', async () => {
      await store.loginFlows.insert(flow('f1', 'a1', 10));
      await store.loginFlows.insert(flow('f2', 'a1', 100));
      expect(await store.loginFlows.deleteExpired(at(50))).to.equal(1);
      expect(await store.loginFlows.get('f2')).to.not.equal(undefined);
    });
  });

  describe('events', () => {
    beforeEach(async () => {
      await store.events.insert(event('e1', 10));
      await store.events.insert(event('e2', 20, { type: 'user_login_attempt', success: false, reason: 'bad_password', application: null }));
      await store.events.insert(event('e3', 30, { userId: 'u2', username: 'bob', initiator: 'bob' }));
      await store.events.insert(
        event('e4', 30, { type: 'admin_api', initiator: 'admin-api', userId: null, username: null, resource: 'user:u1' }),
      );
    });

    it('round-trips an event and lists newest first (ties by ID, descending)', async () => {
      const page = await store.events.list({ limit: 10, offset: 0 });
      expect(page.items.map((e) => e.id)).to.deep.equal(['e4', 'e3', 'e2', 'e1']);
      expect(page.items[3]).to.deep.equal(event('e1', 10));
      expect(page.total).to.equal(4);
    });

    it('filters by type, application, user (ID or username), success and time range', async () => {
      const ids = async (filter: Parameters<Store['events']['list']>[0]) => (await store.events.list(filter)).items.map((e) => e.id);
      const all = { limit: 10, offset: 0 };
      expect(await ids({ ...all, type: 'user_login_attempt' })).to.deep.equal(['e2']);
      expect(await ids({ ...all, application: 'talentlms' })).to.deep.equal(['e4', 'e3', 'e1']);
      expect(await ids({ ...all, user: 'u2' })).to.deep.equal(['e3']);
      expect(await ids({ ...all, user: 'ann' })).to.deep.equal(['e2', 'e1']);
      expect(await ids({ ...all, success: false })).to.deep.equal(['e2']);
      expect(await ids({ ...all, from: at(20), to: at(30), type: 'sso_auth' })).to.deep.equal(['e3']);
    });

    it('pages with the filtered total', async () => {
      const page = await store.events.list({ type: 'sso_auth', limit: 1, offset: 1 });
      expect(page.items.map((e) => e.id)).to.deep.equal(['e1']);
      expect(page).to.include({ total: 2, limit: 1, offset: 1 });
    });
  });

  describe('transactions', () => {
    it('commits every write of a unit of work together, nested calls included', async () => {
      await store.transaction(async (tx) => {
        await tx.users.insert(user('u1', 'ann'));
        await tx.transaction(async (inner) => inner.groups.insert({ id: 'g1', name: 'A', description: '', createdAt: T0 }));
        await tx.groups.addMember('g1', 'u1');
      });
      expect(await store.groups.listMemberIds('g1')).to.deep.equal(['u1']);
    });

    it('rolls every write back when the unit of work throws', async () => {
      const failure = await rejection(
        store.transaction(async (tx) => {
          await tx.users.insert(user('u1', 'ann'));
          await tx.groups.insert({ id: 'g1', name: 'A', description: '', createdAt: T0 });
          throw new SamlbridgeError('boom', 'stop here');
        }),
      );
      expect(failure.code).to.equal('boom');
      expect(await store.users.get('u1')).to.equal(undefined);
      expect(await store.groups.get('g1')).to.equal(undefined);
    });
  });
}
