// The SP Store contract: ONE behaviour suite every implementation passes unchanged (sqlite.test.ts
// and postgres.test.ts call it). Tests use the Store interface only.
import type { Store } from '../../src/store/types.js';
import { flowsContract } from './contract-flows.js';
import { groupsContract } from './contract-groups.js';
import { identityContract } from './contract-identity.js';
import { usersContract } from './contract-users.js';

/** Registers the contract for one implementation; `makeStore` gives an EMPTY, migrated store per test. */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>) {
  describe(`SP Store contract: ${name}`, () => {
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

    usersContract(current);
    groupsContract(current);
    identityContract(current);
    flowsContract(current);
  });
}
