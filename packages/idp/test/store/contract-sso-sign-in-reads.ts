// IdP Store contract, the SSO endpoint's one-statement read of a signed-in person (store/sso-sign-in-reads.ts): for
// every case it answers what the separate reads it replaces answer (users.get, singleLogout.isEnded,
// applications.isUserBound, mfa.rulesFor).
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function ssoSignInReadsContract(store: Store) {
  describe('SSO sign-in reads in one statement', () => {
    async function separately(userId: string, sessionIndex: string, authnInstant: Date, applicationId: string) {
      return {
        user: await store.users.get(userId),
        sessionEnded: await store.singleLogout.isEnded(sessionIndex, userId, authnInstant),
        bound: await store.applications.isUserBound(userId, applicationId),
        mfaRequired: (await store.mfa.rulesFor(userId, applicationId)).length > 0,
      };
    }

    async function expectSame(userId: string, sessionIndex: string, authnInstant: Date, applicationId: string) {
      const combined = await store.ssoSignInReads.read(userId, sessionIndex, authnInstant, applicationId);
      expect(combined).to.deep.equal(await separately(userId, sessionIndex, authnInstant, applicationId));
      return combined;
    }

    beforeEach(async () => {
      await store.users.insert(user('u1', 'ann'));
      await store.users.insert(user('u2', 'bob'));
      await store.applications.insert(application('a1', 'lms'));
      await store.applications.insert(application('a2', 'wiki'));
      await store.groups.insert({ id: 'g1', name: 'Staff', description: '', createdAt: at(0) });
      await store.groups.addMember('g1', 'u1');
    });

    it('reads an unbound user with a live session and no MFA rule, and no user for an unknown ID', async () => {
      const r = await expectSame('u1', '_s1', at(10), 'a1');
      expect(r).to.include({ sessionEnded: false, bound: false, mfaRequired: false });
      expect(r.user?.username).to.equal('ann');
      expect((await expectSame('nobody', '_s1', at(10), 'a1')).user).to.equal(undefined);
    });

    it('sees a binding through a group of the user, to that application only', async () => {
      await store.applications.bindGroup('a1', 'g1');
      expect((await expectSame('u1', '_s1', at(10), 'a1')).bound).to.equal(true);
      expect((await expectSame('u1', '_s1', at(10), 'a2')).bound).to.equal(false);
      expect((await expectSame('u2', '_s1', at(10), 'a1')).bound).to.equal(false);
    });

    it("sees a session ended by its SessionIndex, and sessions started before the user's cutoff", async () => {
      await store.singleLogout.endSession('_s1', 'u1', at(20), at(3600));
      expect((await expectSame('u1', '_s1', at(10), 'a1')).sessionEnded).to.equal(true);
      expect((await expectSame('u1', '_s2', at(10), 'a1')).sessionEnded).to.equal(false);
      await store.singleLogout.endSessionsOfUser('u2', at(30));
      expect((await expectSame('u2', '_s3', at(25), 'a1')).sessionEnded).to.equal(true);
      expect((await expectSame('u2', '_s4', at(40), 'a1')).sessionEnded).to.equal(false);
    });

    it("sees an MFA rule on the user, on one of the user's groups, or on the application", async () => {
      await store.mfa.setRule('group', 'g1', true, at(0));
      expect((await expectSame('u1', '_s1', at(10), 'a2')).mfaRequired).to.equal(true);
      expect((await expectSame('u2', '_s1', at(10), 'a2')).mfaRequired).to.equal(false);
      await store.mfa.setRule('user', 'u2', true, at(0));
      expect((await expectSame('u2', '_s1', at(10), 'a2')).mfaRequired).to.equal(true);
      await store.mfa.setRule('application', 'a1', true, at(0));
      await store.mfa.setRule('user', 'u2', false, at(0));
      expect((await expectSame('u2', '_s1', at(10), 'a1')).mfaRequired).to.equal(true);
      expect((await expectSame('u2', '_s1', at(10), 'a2')).mfaRequired).to.equal(false);
    });
  });
}
