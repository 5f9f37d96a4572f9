// IdP Store contract, invitations: one open link per user (a new one voids the old), found only by its token's hash
// while it has not expired, used once even when two uses race, gone with its user, swept at expiry.
import { expect } from 'chai';
import type { Invitation } from '../../src/store/invitations.js';
import type { Store } from '../../src/store/types.js';
import { at, user } from './fixtures.js';

const invitation = (userId: string, tokenHash: string, extra: Partial<Invitation> = {}): Invitation => ({
  userId,
  tokenHash,
  createdAt: at(0),
  expiresAt: at(3600),
  createdBy: 'admin:admin@example.test',
  ...extra,
});

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function invitationsContract(store: Store) {
  describe('invitations', () => {
    beforeEach(async () => {
      await store.users.insert(user('u1', 'ada', { passwordHash: null }));
      await store.users.insert(user('u2', 'grace', { passwordHash: null }));
    });

    it('reads an invitation back by its token hash and by its user while it has not expired', async () => {
      const inv = invitation('u1', 'hash-1');
      await store.invitations.put(inv);
      expect(await store.invitations.findByTokenHash('hash-1', at(10))).to.deep.equal(inv);
      expect(await store.invitations.findForUser('u1', at(10))).to.deep.equal(inv);
      expect(await store.invitations.findByTokenHash('hash-1', at(3600))).to.equal(undefined);
      expect(await store.invitations.findByTokenHash('other', at(10))).to.equal(undefined);
    });

    it('replaces the user’s invitation with a new one: the old token no longer finds anything', async () => {
      await store.invitations.put(invitation('u1', 'hash-old'));
      await store.invitations.put(invitation('u1', 'hash-new', { expiresAt: at(7200) }));
      expect(await store.invitations.findByTokenHash('hash-old', at(10))).to.equal(undefined);
      expect((await store.invitations.findByTokenHash('hash-new', at(10)))?.expiresAt).to.deep.equal(at(7200));
      expect(await store.invitations.consume('hash-old', at(10))).to.equal(undefined);
    });

    it('is used once: the first use gets the user, every later one nothing', async () => {
      await store.invitations.put(invitation('u1', 'hash-1'));
      expect(await store.invitations.consume('hash-1', at(10))).to.equal('u1');
      expect(await store.invitations.consume('hash-1', at(11))).to.equal(undefined);
      expect(await store.invitations.findForUser('u1', at(11))).to.equal(undefined);
    });

    it('lets exactly one of two simultaneous uses win', async () => {
      await store.invitations.put(invitation('u1', 'hash-1'));
      const results = await Promise.all([store.invitations.consume('hash-1', at(10)), store.invitations.consume('hash-1', at(10))]);
      expect(results.filter((r) => r === 'u1')).to.have.length(1);
      expect(results.filter((r) => r === undefined)).to.have.length(1);
    });

    it('refuses an expired invitation and sweeps it, keeping the open ones', async () => {
      await store.invitations.put(invitation('u1', 'hash-1', { expiresAt: at(100) }));
      await store.invitations.put(invitation('u2', 'hash-2', { expiresAt: at(1000) }));
      expect(await store.invitations.consume('hash-1', at(100))).to.equal(undefined);
      expect(await store.invitations.deleteExpired(at(100))).to.equal(1);
      expect(await store.invitations.findForUser('u2', at(100))).to.not.equal(undefined);
    });

    it('goes with its user', async () => {
      await store.invitations.put(invitation('u1', 'hash-1'));
      await store.users.delete('u1');
      expect(await store.invitations.findByTokenHash('hash-1', at(10))).to.equal(undefined);
    });
  });
}
