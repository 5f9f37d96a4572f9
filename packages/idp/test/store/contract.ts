// The IdP Store contract: ONE behaviour suite that every implementation must pass unchanged
// (sqlite.test.ts and postgres.test.ts call it). Tests talk to the Store interface only.
import { suiteFixture } from '@samlbridge/test-support';
import type { Store } from '../../src/store/types.js';
import { authnRequestIdsContract } from './contract-authn-request-ids.js';
import { directoryContract } from './contract-directory.js';
import { flowsContract } from './contract-flows.js';
import { groupCommitContract } from './contract-group-commit.js';
import { identityContract } from './contract-identity.js';
import { invitationsContract } from './contract-invitations.js';
import { mfaContract } from './contract-mfa.js';
import { passkeysContract } from './contract-passkeys.js';
import { provisioningContract } from './contract-provisioning.js';
import { provisioningBatchReadsContract } from './contract-provisioning-batch-reads.js';
import { signingKeysContract } from './contract-signing-keys.js';
import { sloSoapContract } from './contract-slo-soap.js';
import { ssoSettingsContract } from './contract-sso-settings.js';
import { ssoSignInReadsContract } from './contract-sso-sign-in-reads.js';
import { ssoTracesContract } from './contract-sso-traces.js';
import { transactionsContract } from './contract-transactions.js';
import { userSearchContract } from './contract-user-search.js';

/**
 * Registers the contract for one implementation. `makeStore` gives an EMPTY, migrated store for
 * each test (closed by the suite afterwards).
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>) {
  describe(`IdP Store contract: ${name}`, () => {
    const store = suiteFixture(makeStore, { each: true });

    directoryContract(store);
    userSearchContract(store);
    identityContract(store);
    flowsContract(store);
    authnRequestIdsContract(store);
    provisioningContract(store);
    provisioningBatchReadsContract(store);
    transactionsContract(store);
    signingKeysContract(store);
    mfaContract(store);
    ssoSettingsContract(store);
    sloSoapContract(store);
    ssoTracesContract(store);
    ssoSignInReadsContract(store);
    groupCommitContract(store);
    passkeysContract(store);
    invitationsContract(store);
  });
}
