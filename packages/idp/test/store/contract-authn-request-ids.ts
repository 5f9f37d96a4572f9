// IdP Store contract, answered AuthnRequest IDs: recorded once per application, atomically, swept when expired.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function authnRequestIdsContract(store: Store) {
  describe('AuthnRequest IDs', () => {
    beforeEach(async () => {
      await store.applications.insert(application('a1', 'talentlms'));
      await store.applications.insert(application('a2', 'other'));
    });

    it('records an ID once: the first consume is true, every later one false', async () => {
      expect(await store.authnRequestIds.consume('a1', 'k1', at(360))).to.equal(true);
      expect(await store.authnRequestIds.consume('a1', 'k1', at(360))).to.equal(false);
      expect(await store.authnRequestIds.consume('a1', 'k1', at(999))).to.equal(false);
    });

    it('keeps the IDs of each application apart', async () => {
      expect(await store.authnRequestIds.consume('a1', 'k1', at(360))).to.equal(true);
      expect(await store.authnRequestIds.consume('a2', 'k1', at(360))).to.equal(true);
      expect(await store.authnRequestIds.consume('a1', 'k2', at(360))).to.equal(true);
    });

    it('lets exactly one of ten concurrent consumers record an ID', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.authnRequestIds.consume('a1', 'k1', at(360))));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('sweeps IDs past their expiry only (an ID expiring now is kept), after which the ID can be recorded again', async () => {
      await store.authnRequestIds.consume('a1', 'old', at(10));
      await store.authnRequestIds.consume('a1', 'edge', at(20));
      await store.authnRequestIds.consume('a2', 'live', at(30));
      expect(await store.authnRequestIds.deleteExpired(at(20))).to.equal(1);
      expect(await store.authnRequestIds.consume('a1', 'edge', at(20))).to.equal(false);
      expect(await store.authnRequestIds.consume('a2', 'live', at(30))).to.equal(false);
      expect(await store.authnRequestIds.consume('a1', 'old', at(400))).to.equal(true);
    });

    it('forgets the IDs of a deleted application', async () => {
      await store.authnRequestIds.consume('a2', 'k1', at(360));
      await store.applications.delete('a2');
      expect(await store.authnRequestIds.deleteExpired(at(1000))).to.equal(0);
    });
  });
}
