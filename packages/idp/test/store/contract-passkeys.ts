// IdP Store contract, passkeys: one-time challenges (taken once under concurrency, per purpose and owner, not after
// they expire), the passkey-only setting (off by default), a credential's use recorded.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { at, T0 } from './fixtures.js';

export function passkeysContract(store: Store) {
  describe('Passkey challenges and settings', () => {
    const challenge = (c: string, owner: 'user:u1' | null = 'user:u1') => ({
      challenge: c,
      purpose: 'authenticate' as const,
      owner,
      expiresAt: at(300),
    });

    it('takes a challenge exactly once, even when 10 takes race', async () => {
      await store.passkeys.insertChallenge(challenge('c-race'), T0);
      const taken = await Promise.all(
        Array.from({ length: 10 }, () => store.passkeys.consumeChallenge('c-race', 'authenticate', 'user:u1', at(1))),
      );
      expect(taken.filter(Boolean)).to.have.length(1);
    });

    it('refuses a challenge of another purpose or owner, and one that has expired', async () => {
      await store.passkeys.insertChallenge(challenge('c1'), T0);
      expect(await store.passkeys.consumeChallenge('c1', 'register', 'user:u1', at(1))).to.equal(false);
      expect(await store.passkeys.consumeChallenge('c1', 'authenticate', 'user:u2', at(1))).to.equal(false);
      expect(await store.passkeys.consumeChallenge('c1', 'authenticate', null, at(1))).to.equal(false);
      expect(await store.passkeys.consumeChallenge('c1', 'authenticate', 'user:u1', at(300))).to.equal(false);
    });

    it('matches a usernameless challenge (no owner) only without an owner', async () => {
      await store.passkeys.insertChallenge({ ...challenge('c2', null), purpose: 'usernameless' }, T0);
      expect(await store.passkeys.consumeChallenge('c2', 'usernameless', 'user:u1', at(1))).to.equal(false);
      expect(await store.passkeys.consumeChallenge('c2', 'usernameless', null, at(1))).to.equal(true);
    });

    it('drops expired challenges when a new one is stored', async () => {
      await store.passkeys.insertChallenge(challenge('old'), T0);
      await store.passkeys.insertChallenge({ ...challenge('new'), expiresAt: at(900) }, at(600));
      // Still refused after the clock would allow it again: the row is gone.
      expect(await store.passkeys.consumeChallenge('old', 'authenticate', 'user:u1', T0)).to.equal(false);
      expect(await store.passkeys.consumeChallenge('new', 'authenticate', 'user:u1', at(601))).to.equal(true);
    });

    it('keeps "allow passkey-only sign-in" off until it is turned on', async () => {
      expect(await store.passkeys.getSettings()).to.deep.equal({ allowPasskeyOnly: false });
      await store.passkeys.putSettings({ allowPasskeyOnly: true }, T0);
      expect(await store.passkeys.getSettings()).to.deep.equal({ allowPasskeyOnly: true });
      await store.passkeys.putSettings({ allowPasskeyOnly: false }, at(1));
      expect(await store.passkeys.getSettings()).to.deep.equal({ allowPasskeyOnly: false });
    });

    it('records a passkey’s use: its new public data and when', async () => {
      await store.mfa.insertFactor({
        id: 'pk1',
        owner: 'user:u1',
        kind: 'webauthn',
        name: 'Laptop',
        secretSealed: null,
        data: { credentialId: 'abc', counter: 1 },
        lastUsedStep: null,
        confirmedAt: T0,
        lastUsedAt: null,
        createdAt: T0,
      });
      await store.passkeys.recordUse('pk1', { credentialId: 'abc', counter: 7 }, at(5));
      const f = await store.mfa.getFactor('pk1');
      expect(f?.data).to.deep.equal({ credentialId: 'abc', counter: 7 });
      expect(f?.lastUsedAt?.toISOString()).to.equal(at(5).toISOString());
    });
  });
}
