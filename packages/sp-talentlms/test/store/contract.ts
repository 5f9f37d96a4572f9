// The SP Store contract: ONE behaviour suite every implementation passes unchanged (sqlite.test.ts
// and postgres.test.ts call it). Tests use the Store interface only.
import { suiteFixture } from '@samlbridge/test-support';
import type { Store } from '../../src/store/types.js';
import { flowsContract } from './contract-flows.js';
import { groupsContract } from './contract-groups.js';
import { identityContract } from './contract-identity.js';
import { usersContract } from './contract-users.js';

/** Registers the contract for one implementation; `makeStore` gives an EMPTY, migrated store per test. */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>) {
  describe(`SP Store contract: ${name}`, () => {
    const store = suiteFixture(makeStore, { each: true });

    usersContract(store);
    groupsContract(store);
    identityContract(store);
    flowsContract(store);
  });
}
