// IdP Store contract, provisioning and hardening repositories.
import { expectReservesUpToTheLimitAndReleases } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at, T0, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function provisioningContract(store: Store) {
  describe('provisioning outbox', () => {
    const entry = (subject: string, action: 'user.upsert' | 'user.update' = 'user.upsert') => ({
      applicationId: 'a1',
      subject,
      action,
      payload: { userName: subject, attrs: ['x'] },
    });
    beforeEach(async () => {
      await store.applications.insert(application('a1', 'talentlms'));
    });

    it('hands out only the oldest pending row of each subject, and each row to one worker', async () => {
      await store.outbox.enqueue([entry('user:1'), entry('user:1', 'user.update'), entry('user:2')], T0);
      const [w1, w2] = await Promise.all([store.outbox.claim('w1', at(1), 60_000, 10), store.outbox.claim('w2', at(1), 60_000, 10)]);
      const claimed = [...w1, ...w2];
      expect(claimed.map((e) => e.subject).sort()).to.deep.equal(['user:1', 'user:2']);
      expect(claimed.find((e) => e.subject === 'user:1')).to.deep.include({
        action: 'user.upsert',
        payload: { userName: 'user:1', attrs: ['x'] },
      });
      expect(await store.outbox.claim('w3', at(2), 60_000, 10)).to.deep.equal([]);
      const first = claimed.find((e) => e.subject === 'user:1');
      if (!first) throw new Error('user:1 not claimed');
      expect(await store.outbox.complete(first.seq, 'w-other', at(3))).to.equal(false);
      expect(await store.outbox.complete(first.seq, first.leaseOwner ?? '', at(3))).to.equal(true);
      const next = await store.outbox.claim('w3', at(4), 60_000, 10);
      expect(next.map((e) => [e.subject, e.action])).to.deep.equal([['user:1', 'user.update']]);
      expect(next[0]?.seq).to.be.greaterThan(first.seq);
    });

    it('retries, fails, counts and purges rows', async () => {
      await store.outbox.enqueue([entry('user:1'), entry('user:2')], T0);
      const [a, b] = await store.outbox.claim('w', T0, 1000, 10);
      if (!a || !b) throw new Error('expected two rows');
      expect(await store.outbox.retry(a.seq, 'w', at(30), 'timeout', at(1))).to.equal(true);
      expect(await store.outbox.fail(b.seq, 'w', 'bad request', at(1))).to.equal(true);
      expect(await store.outbox.counts('a1')).to.deep.equal({ pending: 1, failed: 1, done: 0 });
      expect(await store.outbox.pendingCount('a1', 'user:1')).to.equal(1);
      expect((await store.outbox.nextDueAt())?.toISOString()).to.equal(at(30).toISOString());
      expect(await store.outbox.claim('w', at(29), 1000, 10)).to.deep.equal([]);
      const [again] = await store.outbox.claim('w', at(30), 1000, 10);
      expect(again).to.deep.include({ attempts: 1, lastError: 'timeout' });
      await store.outbox.complete(again?.seq ?? 0, 'w', at(31));
      expect(await store.outbox.purgeDone(at(31))).to.equal(0);
      expect(await store.outbox.purgeDone(at(32))).to.equal(1);
      expect(await store.outbox.nextDueAt()).to.equal(undefined);
    });

    it('queues a 10,000-row change in one call, in order (more rows than one statement may bind)', async () => {
      const subjects = Array.from({ length: 10_000 }, (_, i) => `user:${i}`);
      await store.outbox.enqueue(
        subjects.map((s) => entry(s)),
        T0,
      );
      expect(await store.outbox.counts('a1')).to.deep.equal({ pending: 10_000, failed: 0, done: 0 });
      const first = await store.outbox.claim('w', T0, 1000, 3);
      expect(first.map((e) => e.subject)).to.deep.equal(['user:0', 'user:1', 'user:2']);
    });

    it('tells whether any of many subjects has a pending row, past 500 subjects', async () => {
      await store.outbox.enqueue([entry('user:1'), entry('user:900')], T0);
      const many = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
      expect(await store.outbox.anyPending('a1', many)).to.equal(true);
      expect(await store.outbox.anyPending('a1', many.slice(2, 800))).to.equal(false);
      expect(await store.outbox.anyPending('a1', many.slice(600))).to.equal(true);
      const [first] = await store.outbox.claim('w', T0, 1000, 1);
      await store.outbox.complete(first?.seq ?? 0, 'w', at(1));
      expect(await store.outbox.anyPending('a1', ['user:1'])).to.equal(false);
      expect(await store.outbox.anyPending('a2', many)).to.equal(false);
    });

    it('lets a lease expire so another worker takes the row over', async () => {
      await store.outbox.enqueue([entry('user:1')], T0);
      const [row] = await store.outbox.claim('w1', T0, 1000, 10);
      expect(await store.outbox.claim('w2', at(0.5), 1000, 10)).to.deep.equal([]);
      const [taken] = await store.outbox.claim('w2', at(1), 1000, 10);
      expect(taken?.seq).to.equal(row?.seq);
      expect(await store.outbox.complete(row?.seq ?? 0, 'w1', at(1))).to.equal(false);
    });
  });

  describe('held passwords', () => {
    it('holds one sealed password per user until it expires, replaces it, and forgets it with the user', async () => {
      await store.users.insert(user('u1', 'ann'));
      await store.users.insert(user('u2', 'bob'));
      expect(await store.pendingPasswords.get('u1', T0)).to.equal(undefined);
      await store.pendingPasswords.put('u1', 'v1.sealed-1', at(60));
      await store.pendingPasswords.put('u1', 'v1.sealed-2', at(120));
      await store.pendingPasswords.put('u2', 'v1.sealed-3', at(30));
      expect(await store.pendingPasswords.get('u1', at(119))).to.equal('v1.sealed-2');
      expect(await store.pendingPasswords.get('u1', at(120)), 'expired at expiresAt').to.equal(undefined);
      expect(await store.pendingPasswords.deleteExpired(at(30))).to.equal(1);
      expect(await store.pendingPasswords.get('u2', T0)).to.equal(undefined);
      await store.users.delete('u1');
      expect(await store.pendingPasswords.deleteExpired(at(1000)), 'deleting the user deleted its row').to.equal(0);
    });
  });

  describe('provisioning links, IdM integrations, notifications, request signing, throttle', () => {
    beforeEach(async () => {
      await store.applications.insert(application('a1', 'talentlms'));
    });

    it('upserts, finds and lists provisioning links', async () => {
      const link = {
        applicationId: 'a1',
        kind: 'group' as const,
        localId: 'g1',
        remoteId: '17',
        remoteName: 'Sales',
        state: 'active' as const,
        remoteMembers: ['3', '4'],
        lastAction: 'group.sync',
        lastSuccess: true,
        lastStatus: 200,
        lastError: null,
        lastAttemptAt: at(5),
      };
      await store.provisioningLinks.put(link);
      await store.provisioningLinks.put({
        ...link,
        localId: 'g0',
        remoteId: '18',
        remoteName: 'Alpha',
        lastSuccess: null,
        lastAttemptAt: null,
      });
      await store.provisioningLinks.put({ ...link, remoteMembers: ['3'] });
      expect(await store.provisioningLinks.get('a1', 'group', 'g1')).to.deep.equal({ ...link, remoteMembers: ['3'] });
      expect((await store.provisioningLinks.findByRemoteId('a1', 'group', '18'))?.localId).to.equal('g0');
      const page = await store.provisioningLinks.list('a1', 'group', { limit: 10, offset: 0 });
      expect(page.items.map((l) => l.remoteName)).to.deep.equal(['Alpha', 'Sales']);
      expect(page.total).to.equal(2);
      expect(await store.provisioningLinks.delete('a1', 'group', 'g0')).to.equal(true);
      expect(await store.provisioningLinks.delete('a1', 'group', 'g0')).to.equal(false);
    });

    it('reads the remote ids of many local ids at once, skipping links without one, past 500 ids', async () => {
      const base = {
        applicationId: 'a1',
        kind: 'user' as const,
        remoteMembers: [],
        state: 'active' as const,
        lastAction: null,
        lastSuccess: null,
        lastStatus: null,
        lastError: null,
        lastAttemptAt: null,
      };
      for (let i = 0; i < 600; i++) {
        await store.provisioningLinks.put({ ...base, localId: `u${i}`, remoteId: i % 100 === 7 ? null : `r${i}`, remoteName: `u${i}` });
      }
      const ids = await store.provisioningLinks.remoteIds('a1', 'user', [...Array.from({ length: 600 }, (_, i) => `u${i}`), 'nobody']);
      expect(ids.size).to.equal(594);
      expect(ids.get('u599')).to.equal('r599');
      expect(ids.has('u507')).to.equal(false);
      expect((await store.provisioningLinks.remoteIds('a1', 'group', ['u1'])).size).to.equal(0);
    });

    it('keeps one IdM integration per application and lists the active ones', async () => {
      const integration = {
        applicationId: 'a1',
        baseUrl: 'https://sp.example.test/scim/v2',
        tokenCiphertext: 'v1:abc',
        active: true,
        deleteOnIdpDelete: false,
        importSchedule: 'manual' as const,
        lastImportAt: null,
        verifiedAt: at(1),
        createdAt: T0,
        updatedAt: T0,
      };
      await store.idmIntegrations.put(integration);
      expect(await store.idmIntegrations.get('a1')).to.deep.equal(integration);
      expect(await store.idmIntegrations.listActive()).to.deep.equal([integration]);
      await store.idmIntegrations.put({ ...integration, active: false, updatedAt: at(2) });
      expect(await store.idmIntegrations.listActive()).to.deep.equal([]);
      expect(await store.idmIntegrations.delete('a1')).to.equal(true);
      expect(await store.idmIntegrations.get('a1')).to.equal(undefined);
    });

    it('lists notifications newest first, unread only on request, and marks them read', async () => {
      await store.notifications.insert({ id: 'n1', time: at(1), applicationId: 'a1', kind: 'import', message: 'done', read: false });
      await store.notifications.insert({ id: 'n2', time: at(2), applicationId: null, kind: 'info', message: 'hi', read: false });
      expect(await store.notifications.markRead('n2')).to.equal(true);
      expect(await store.notifications.markRead('nope')).to.equal(false);
      expect((await store.notifications.list({ limit: 10, offset: 0 })).items.map((n) => [n.id, n.read])).to.deep.equal([
        ['n2', true],
        ['n1', false],
      ]);
      const unread = await store.notifications.list({ limit: 10, offset: 0, unreadOnly: true });
      expect(unread.items.map((n) => n.id)).to.deep.equal(['n1']);
      expect(unread.total).to.equal(1);
    });

    it('stores request-signing settings per application', async () => {
      expect(await store.requestSigning.get('a1')).to.equal(undefined);
      await store.requestSigning.put('a1', { requireSignedRequests: true, spCertificatePem: 'PEM', allowSha1: false }, T0);
      await store.requestSigning.put('a1', { requireSignedRequests: true, spCertificatePem: 'PEM2', allowSha1: true }, at(1));
      expect(await store.requestSigning.get('a1')).to.deep.equal({
        requireSignedRequests: true,
        spCertificatePem: 'PEM2',
        allowSha1: true,
      });
    });

    it('reserves login attempts atomically up to the limit and gives one back', async () => {
      await expectReservesUpToTheLimitAndReleases(store.loginThrottle, 'ip:10.0.0.1', T0);
    });
  });
}
