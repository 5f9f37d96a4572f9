import { expect } from 'chai';
import type { UserRecord } from '../../src/domain.js';
import type { Store } from '../../src/store/types.js';
import { sqliteStoreEachTest } from '../store/sqlite-store-each.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const user = (id: string): UserRecord => ({
  id,
  username: id,
  email: `${id}@example.com`,
  firstName: '',
  lastName: '',
  status: 'active',
  passwordHash: null,
  createdAt: t0,
  updatedAt: t0,
});

const APP_ID = 'app1';

describe('provisioning store (SQLite)', () => {
  let store: Store;
  sqliteStoreEachTest('idp-prov-store-', async (opened) => {
    store = opened;
    await store.applications.insert({
      id: APP_ID,
      kind: 'saml',
      catalogId: 'custom-saml',
      name: 'app',
      displayLabel: 'App',
      description: '',
      idpEntityIdOverride: null,
      spEntityId: 'sp',
      acsUrls: ['https://sp/acs'],
      defaultRelayState: '',
      nameIdSource: 'username',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      signing: 'both',
      signatureAlgorithm: 'rsa-sha256',
      attributes: [],
      groupAttribute: null,
      bookmarkUrl: null,
      image: null,
      showInConsole: true,
      ssoActive: true,
      createdAt: t0,
      updatedAt: t0,
    } as never);
  });

  describe('transaction()', () => {
    it('commits every write of the unit together', async () => {
      await store.transaction(async (tx) => {
        await tx.users.insert(user('a'));
        await tx.outbox.enqueue([{ applicationId: APP_ID, subject: 'user:a', action: 'user.upsert', payload: {} }], t0);
      });
      expect(await store.users.get('a')).to.not.equal(undefined);
      expect((await store.outbox.counts(APP_ID)).pending).to.equal(1);
    });

    it('rolls every write back when the unit throws', async () => {
      const failing = store.transaction(async (tx) => {
        await tx.users.insert(user('a'));
        await tx.outbox.enqueue([{ applicationId: APP_ID, subject: 'user:a', action: 'user.upsert', payload: {} }], t0);
        throw new Error('boom');
      });
      const err = await failing.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).to.equal('boom');
      expect(await store.users.get('a')).to.equal(undefined);
      expect((await store.outbox.counts(APP_ID)).pending).to.equal(0);
    });

    it('keeps other callers’ statements out of an open transaction (they run after it)', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const unit = store.transaction(async (tx) => {
        await tx.users.insert(user('inside'));
        await gate; // another request runs meanwhile
        throw new Error('rolled back');
      });
      await new Promise((r) => setImmediate(r));
      const outside = store.users.insert(user('outside'));
      await new Promise((r) => setImmediate(r));
      release();
      await unit.catch(() => {});
      await outside;
      expect(await store.users.get('inside')).to.equal(undefined);
      expect(await store.users.get('outside')).to.not.equal(undefined); // not swallowed by the rollback
    });

    it('joins the running transaction when nested', async () => {
      await store.transaction(async (tx) => tx.transaction(async (inner) => inner.users.insert(user('n'))));
      expect(await store.users.get('n')).to.not.equal(undefined);
    });
  });

  describe('outbox', () => {
    const row = (subject: string, n: number) => ({ applicationId: APP_ID, subject, action: 'user.update' as const, payload: { n } });

    it('leases only the oldest pending row of each subject (per-user order)', async () => {
      await store.outbox.enqueue([row('user:a', 1), row('user:a', 2), row('user:b', 1)], t0);
      const first = await store.outbox.claim('w1', t0, 60000, 10);
      expect(first.map((r) => [r.subject, r.payload.n])).to.deep.equal([
        ['user:a', 1],
        ['user:b', 1],
      ]);
      expect(await store.outbox.claim('w2', t0, 60000, 10)).to.have.length(0); // a#2 waits for a#1
      await store.outbox.complete(first[0]!.seq, 'w1', t0);
      const next = await store.outbox.claim('w2', t0, 60000, 10);
      expect(next.map((r) => [r.subject, r.payload.n])).to.deep.equal([['user:a', 2]]);
    });

    it('never leases a row to two workers, and hands it on when the lease expires', async () => {
      await store.outbox.enqueue([row('user:a', 1)], t0);
      const [mine] = await store.outbox.claim('w1', t0, 1000, 10);
      expect(await store.outbox.claim('w2', new Date(t0.getTime() + 999), 1000, 10)).to.have.length(0);
      const [theirs] = await store.outbox.claim('w2', new Date(t0.getTime() + 1000), 1000, 10);
      expect(theirs?.seq).to.equal(mine?.seq);
      expect(await store.outbox.complete(mine!.seq, 'w1', t0)).to.equal(false); // w1 lost it
      expect(await store.outbox.complete(mine!.seq, 'w2', t0)).to.equal(true);
    });

    it('holds a retried row until it is due, counting the attempt', async () => {
      await store.outbox.enqueue([row('user:a', 1)], t0);
      const [r] = await store.outbox.claim('w1', t0, 1000, 10);
      await store.outbox.retry(r!.seq, 'w1', new Date(t0.getTime() + 5000), '503', t0);
      expect(await store.outbox.claim('w1', new Date(t0.getTime() + 4999), 1000, 10)).to.have.length(0);
      const [again] = await store.outbox.claim('w1', new Date(t0.getTime() + 5000), 1000, 10);
      expect(again?.attempts).to.equal(1);
      expect(again?.lastError).to.equal('503');
    });

    it('lets later rows of a subject through after a permanent failure', async () => {
      await store.outbox.enqueue([row('user:a', 1), row('user:a', 2)], t0);
      const [r] = await store.outbox.claim('w1', t0, 1000, 10);
      await store.outbox.fail(r!.seq, 'w1', '400 invalidValue', t0);
      const [n] = await store.outbox.claim('w1', t0, 1000, 10);
      expect(n?.payload.n).to.equal(2);
      expect(await store.outbox.counts(APP_ID)).to.deep.equal({ pending: 1, failed: 1, done: 0 });
    });
  });
});
