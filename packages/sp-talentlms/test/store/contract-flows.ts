// SP Store contract: what SSO needs between requests (sessions, settings, pending requests, replay cache) and audit events.
import { expect } from 'chai';
import { defaultSettings } from '../../src/sso/settings.js';
import type { Store } from '../../src/store/types.js';
import { at, newUser, T0 } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function flowsContract(store: Store) {
  describe('untrusted text', () => {
    it('takes a NUL character typed into a form without failing', async () => {
      await store.users.create(newUser('admin'), T0);
      expect(await store.users.findByLogin('acme', 'ad\u0000min')).to.equal(undefined);
      await store.events.add({
        tenant: 'acme',
        type: 'login',
        time: T0,
        success: false,
        reason: 'bad',
        user: 'ad\u0000min',
        detail: 'x\u0000',
      });
      expect((await store.events.list('acme', { limit: 1 }))[0]?.user?.startsWith('ad')).to.equal(true);
      await store.sessions.putSession({ idHash: 'h', data: { flash: 'x\u0000y' }, expiresAt: at(60) });
      expect(await store.sessions.getSession('h')).to.not.equal(undefined);
    });
  });

  describe('sessions', () => {
    it('stores, replaces (upsert) and deletes a session', async () => {
      await store.sessions.putSession({ idHash: 'h', data: { userId: 1 }, expiresAt: at(60) });
      await store.sessions.putSession({ idHash: 'h', data: { userId: 1, csrf: 'c' }, expiresAt: at(120) });
      expect(await store.sessions.getSession('h')).to.deep.equal({ idHash: 'h', data: { userId: 1, csrf: 'c' }, expiresAt: at(120) });
      await store.sessions.deleteSession('h');
      expect(await store.sessions.getSession('h')).to.equal(undefined);
    });
  });

  describe('SSO settings', () => {
    it('round-trips settings per tenant and replaces them', async () => {
      expect(await store.settings.get('acme')).to.equal(undefined);
      const settings = {
        ...defaultSettings(),
        idpEntityId: 'https://idp.example.test/saml2/talentlms',
        certificateFingerprints: ['AB:CD'],
      };
      await store.settings.put('acme', settings, T0);
      expect(await store.settings.get('acme')).to.deep.equal(settings);
      await store.settings.put('acme', { ...settings, allowUnsolicited: !settings.allowUnsolicited }, at(1));
      expect((await store.settings.get('acme'))?.allowUnsolicited).to.equal(!settings.allowUnsolicited);
      expect(await store.settings.get('globex')).to.equal(undefined);
    });
  });

  describe('pending AuthnRequests', () => {
    it('consumes a pending request once, in its own tenant only', async () => {
      await store.pendingRequests.add('acme', '_r1', at(300));
      expect(await store.pendingRequests.consume('globex', '_r1', T0)).to.equal(false);
      expect(await store.pendingRequests.consume('acme', '_r1', T0)).to.equal(true);
      expect(await store.pendingRequests.consume('acme', '_r1', T0)).to.equal(false);
    });

    it('lets exactly one of ten concurrent ACS requests consume it', async () => {
      await store.pendingRequests.add('acme', '_r1', at(300));
      const results = await Promise.all(Array.from({ length: 10 }, () => store.pendingRequests.consume('acme', '_r1', T0)));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('refuses an expired request', async () => {
      await store.pendingRequests.add('acme', '_r1', at(300));
      expect(await store.pendingRequests.consume('acme', '_r1', at(300))).to.equal(false);
    });
  });

  describe('assertion replay cache', () => {
    it('remembers an assertion ID once per tenant', async () => {
      expect(await store.replay.remember('acme', '_a1', at(300), T0)).to.equal(true);
      expect(await store.replay.remember('acme', '_a1', at(300), at(1))).to.equal(false);
      expect(await store.replay.remember('globex', '_a1', at(300), at(1))).to.equal(true);
    });

    it('lets exactly one of ten concurrent inserts of the same ID win', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.replay.remember('acme', '_a1', at(300), T0)));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('forgets an ID once it has expired', async () => {
      expect(await store.replay.remember('acme', '_a1', at(300), T0)).to.equal(true);
      expect(await store.replay.remember('acme', '_a1', at(900), at(300))).to.equal(true);
      expect(await store.replay.remember('acme', '_a1', at(900), at(301))).to.equal(false);
    });
  });

  describe('audit events', () => {
    it("lists a tenant's events newest first, limited, round-tripping every field", async () => {
      for (let i = 1; i <= 4; i++) {
        await store.events.add({
          tenant: 'acme',
          type: 'sso_login',
          time: at(i),
          success: i !== 2,
          reason: i === 2 ? 'bad_signature' : null,
          user: `u${i}`,
          detail: i === 3 ? 'x' : null,
        });
      }
      await store.events.add({ tenant: 'globex', type: 'sso_login', time: at(9), success: true, reason: null, user: null, detail: null });
      const events = await store.events.list('acme', { limit: 3 });
      expect(events.map((e) => e.user)).to.deep.equal(['u4', 'u3', 'u2']);
      expect(events[1]).to.include({ tenant: 'acme', type: 'sso_login', success: true, reason: null, detail: 'x' });
      expect(events[2]).to.include({ success: false, reason: 'bad_signature', detail: null });
      expect(events[2]?.time.toISOString()).to.equal(at(2).toISOString());
      expect(events[0]?.id).to.be.a('number');
    });
  });

  describe('sign-in traces', () => {
    const trace = (id: string, atSeconds: number, success: boolean) => ({
      id,
      tenant: 'acme',
      at: at(atSeconds),
      expiresAt: at(atSeconds + 3600),
      success,
      reason: success ? null : 'audience_mismatch',
      user: 'jdoe',
      acsUrl: 'https://acme.example/acs',
      binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      inResponseTo: null,
      checks: [
        { name: 'audience' as const, result: 'fail' as const, reason: 'audience_mismatch' as const, expected: 'acme', received: 'other' },
      ],
      responseXml: success ? '<samlp:Response/>' : null,
      signed: success ? { response: true, assertion: true, encrypted: false } : null,
    });

    it('keeps a trace per tenant, lists newest first without the Response, and reads one whole', async () => {
      await store.signInTraces.add(trace('a', 0, false));
      await store.signInTraces.add(trace('b', 10, true));
      const list = await store.signInTraces.list('acme', { limit: 10 });
      expect(list.map((t) => t.id)).to.deep.equal(['b', 'a']);
      expect(list[1]?.checks[0]).to.include({ expected: 'acme', received: 'other' });
      expect(await store.signInTraces.list('other-tenant', { limit: 10 })).to.deep.equal([]);
      expect(await store.signInTraces.get('acme', 'b')).to.deep.include({ responseXml: '<samlp:Response/>', success: true, at: at(10) });
      expect(await store.signInTraces.get('other-tenant', 'b')).to.equal(undefined);
    });

    it('sweeps expired traces in batches of the given size, leaving the unexpired', async () => {
      for (const n of [0, 1, 2]) await store.signInTraces.add(trace(`old${n}`, n, false));
      await store.signInTraces.add(trace('new', 7200, true));
      expect(await store.signInTraces.sweep(at(3700), { batch: 2 })).to.equal(2);
      expect(await store.signInTraces.sweep(at(3700), { batch: 2 })).to.equal(1);
      expect(await store.signInTraces.sweep(at(3700), { batch: 2 })).to.equal(0);
      expect((await store.signInTraces.list('acme', { limit: 10 })).map((t) => t.id)).to.deep.equal(['new']);
    });
  });

  describe('sent AuthnRequests (for the sign-in trace)', () => {
    it('reads a sent AuthnRequest back per tenant and sweeps the expired ones in batches', async () => {
      await store.sentAuthnRequests.add({ tenant: 'acme', id: '_r1', xml: '<samlp:AuthnRequest ID="_r1"/>', expiresAt: at(100) });
      await store.sentAuthnRequests.add({ tenant: 'acme', id: '_r2', xml: '<samlp:AuthnRequest ID="_r2"/>', expiresAt: at(5000) });
      expect(await store.sentAuthnRequests.get('acme', '_r1')).to.equal('<samlp:AuthnRequest ID="_r1"/>');
      expect(await store.sentAuthnRequests.get('other-tenant', '_r1')).to.equal(undefined);
      expect(await store.sentAuthnRequests.sweep(at(200), { batch: 10 })).to.equal(1);
      expect(await store.sentAuthnRequests.get('acme', '_r1')).to.equal(undefined);
      expect(await store.sentAuthnRequests.get('acme', '_r2')).to.equal('<samlp:AuthnRequest ID="_r2"/>');
    });
  });
}
