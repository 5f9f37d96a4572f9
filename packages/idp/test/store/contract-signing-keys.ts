// IdP Store contract, signing keys: one active slot, one standby slot, moves guarded by the slot a key is in.
import { expect } from 'chai';
import type { SigningKeyRecord } from '../../src/store/signing-keys.js';
import type { Store } from '../../src/store/types.js';
import { at } from './fixtures.js';

function key(id: string, state: SigningKeyRecord['state'], slot: SigningKeyRecord['slot'], seconds: number): SigningKeyRecord {
  return {
    id,
    state,
    slot,
    certificatePem: `-----BEGIN CERTIFICATE-----\n${id}\n-----END CERTIFICATE-----\n`,
    privateKeySealed: `sealed-${id}`,
    sha256: `SHA256-${id}`,
    notAfter: at(10_000),
    createdAt: at(seconds),
    activatedAt: state === 'active' ? at(seconds) : null,
    retiredAt: null,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function signingKeysContract(store: Store) {
  describe('signing keys', () => {
    it('lists the active key first, then the standby key, then retired ones, with every field read back', async () => {
      await store.signingKeys.insert({ ...key('old', 'retired', null, 1), privateKeySealed: null, retiredAt: at(5) });
      await store.signingKeys.insert(key('next', 'next', 'standby', 3));
      await store.signingKeys.insert(key('cur', 'active', 'active', 2));
      const list = await store.signingKeys.list();
      expect(list.map((k) => k.id)).to.deep.equal(['cur', 'next', 'old']);
      expect(list[0]).to.deep.equal(key('cur', 'active', 'active', 2));
      expect(list[2]?.retiredAt?.toISOString()).to.equal(at(5).toISOString());
      expect(list[2]?.privateKeySealed).to.equal(null);
    });

    it('reads the published keys’ slots only: the active and standby keys, not retired ones', async () => {
      await store.signingKeys.insert({ ...key('old', 'retired', null, 1), privateKeySealed: null, retiredAt: at(5) });
      await store.signingKeys.insert(key('cur', 'active', 'active', 2));
      expect(await store.signingKeys.slots()).to.deep.equal([{ id: 'cur', slot: 'active' }]);
      await store.signingKeys.insert(key('next', 'next', 'standby', 3));
      expect(await store.signingKeys.slots()).to.deep.equal([
        { id: 'cur', slot: 'active' },
        { id: 'next', slot: 'standby' },
      ]);
    });

    it('refuses a second active key and a second standby key with a conflict', async () => {
      await store.signingKeys.insert(key('a', 'active', 'active', 1));
      await store.signingKeys.insert(key('n', 'next', 'standby', 2));
      expect(await codeOf(store.signingKeys.insert(key('a2', 'active', 'active', 3)))).to.equal('conflict');
      expect(await codeOf(store.signingKeys.insert(key('n2', 'next', 'standby', 3)))).to.equal('conflict');
      expect((await store.signingKeys.list()).map((k) => k.id)).to.deep.equal(['a', 'n']);
    });

    it('moves a key only from the slot the caller expects, and erases the private key when asked', async () => {
      await store.signingKeys.insert(key('n', 'next', 'standby', 1));
      expect(await store.signingKeys.move('n', 'active', { state: 'retired', slot: null })).to.equal(false);
      expect(
        await store.signingKeys.move('n', 'standby', { state: 'retired', slot: null, retiredAt: at(9), erasePrivateKey: true }),
      ).to.equal(true);
      const [n] = await store.signingKeys.list();
      expect(n).to.include({ state: 'retired', slot: null, privateKeySealed: null });
      expect(n?.retiredAt?.toISOString()).to.equal(at(9).toISOString());
    });

    it('swaps the active and the standby key inside one transaction', async () => {
      await store.signingKeys.insert(key('a', 'active', 'active', 1));
      await store.signingKeys.insert(key('n', 'next', 'standby', 2));
      await store.transaction(async (tx) => {
        expect(await tx.signingKeys.move('a', 'active', { state: 'previous', slot: null })).to.equal(true);
        expect(await tx.signingKeys.move('n', 'standby', { state: 'active', slot: 'active', activatedAt: at(7) })).to.equal(true);
        expect(await tx.signingKeys.move('a', null, { state: 'previous', slot: 'standby' })).to.equal(true);
      });
      const list = await store.signingKeys.list();
      expect(list.map((k) => [k.id, k.state, k.slot])).to.deep.equal([
        ['n', 'active', 'active'],
        ['a', 'previous', 'standby'],
      ]);
    });
  });
}
