// IdP Store contract, the per-application SOAP SingleLogoutService URL (application_slo_soap): empty until put,
// replaced by a second put, deleted with its application.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function sloSoapContract(store: Store) {
  describe('SOAP Single Logout URL', () => {
    it("is '' until put, reads back what was put, and a second put replaces it", async () => {
      await store.applications.insert(application('a1', 'lms'));
      await store.applications.insert(application('a2', 'wiki'));
      expect(await store.sloSoapEndpoints.get('a1')).to.equal('');
      await store.sloSoapEndpoints.put('a1', 'https://lms.example/slo/soap', at(0));
      expect(await store.sloSoapEndpoints.get('a1')).to.equal('https://lms.example/slo/soap');
      expect(await store.sloSoapEndpoints.get('a2')).to.equal('');
      await store.sloSoapEndpoints.put('a1', '', at(1));
      expect(await store.sloSoapEndpoints.get('a1')).to.equal('');
    });

    it('is deleted with its application', async () => {
      await store.applications.insert(application('a1', 'lms'));
      await store.sloSoapEndpoints.put('a1', 'https://lms.example/slo/soap', at(0));
      expect(await store.applications.delete('a1')).to.equal(true);
      await store.applications.insert(application('a1', 'lms'));
      expect(await store.sloSoapEndpoints.get('a1')).to.equal('');
    });
  });
}
