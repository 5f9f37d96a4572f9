// The IdP Store contract: ONE behaviour suite that every implementation must pass unchanged
// (sqlite.test.ts and postgres.test.ts call it). Tests talk to the Store interface only.
import type { Store } from '../../src/store/types.js';
import { authnRequestIdsContract } from './contract-authn-request-ids.js';
import { directoryContract } from './contract-directory.js';
import { flowsContract } from './contract-flows.js';
import { identityContract } from './contract-identity.js';
import { mfaContract } from './contract-mfa.js';
import { provisioningContract } from './contract-provisioning.js';
import { transactionsContract } from './contract-transactions.js';

/**
 * Registers the contract for one implementation. `makeStore` gives an EMPTY, migrated store for
 * each test (closed by the suite afterwards).
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>) {
  describe(`IdP Store contract: ${name}`, () => {
    let store: Store | undefined;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    const current = () => {
      if (!store) throw new Error('no store: makeStore failed');
      return store;
    };

    directoryContract(current);
    identityContract(current);
    flowsContract(current);
    authnRequestIdsContract(current);
    provisioningContract(current);
    transactionsContract(current);
    mfaContract(current);
  });
}
