// The verifier's settings for the test IdP and SP of helpers/harness.ts, at START, for the tests that call
// verifySamlResponse (or its options) directly.
import { fingerprints } from '@samlbridge/protocol';
import type { VerifyContext } from '../../src/index.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, START } from './harness.js';
import { idpKeys } from './keys.js';

/** Trusts the test IdP key by its SHA-256 fingerprint, signed assertion not required, SHA-1 refused, 180 s skew. */
export function testVerifyContext(overrides: Partial<VerifyContext> = {}): VerifyContext {
  return {
    idpEntityId: IDP_ENTITY_ID,
    spEntityId: SP_ENTITY_ID,
    acsUrl: ACS_URL,
    certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha256],
    certificatePem: '',
    requireSignedAssertion: false,
    allowSha1: false,
    now: START,
    clockSkewSeconds: 180,
    ...overrides,
  };
}
