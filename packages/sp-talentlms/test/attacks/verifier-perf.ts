// Quick throughput check: our verifySamlResponse vs node-saml's validatePostResponseAsync, same Response,
// same machine, same run. `node --import tsx packages/sp-talentlms/test/attacks/verifier-perf.ts [n]`
import { SAML } from '@node-saml/node-saml';
import { createResponseSigner, encodePost, fingerprints } from '@samlbridge/protocol';
import { verifySamlResponse } from '../../src/index.js';
import { ACS_URL, baseInput, IDP_ENTITY_ID, SP_ENTITY_ID } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

const n = Number(process.argv[2] ?? 1000);
const keys = idpKeys();
const signer = createResponseSigner(keys);

async function measure(name: string, fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const perSec = n / ((performance.now() - start) / 1000);
  console.log(`${name.padEnd(44)} ${perSec.toFixed(0).padStart(6)} /s`);
  return perSec;
}

for (const signing of ['both', 'assertion', 'response'] as const) {
  const xml = signer.issue(baseInput(new Date(), { signing }));
  const b64 = encodePost(xml);
  const ours = await measure(`ours (${signing})`, () =>
    verifySamlResponse(b64, {
      idpEntityId: IDP_ENTITY_ID,
      spEntityId: SP_ENTITY_ID,
      acsUrl: ACS_URL,
      certificateFingerprints: [fingerprints(keys.certificatePem).sha1],
      certificatePem: '',
      requireSignedAssertion: false,
      allowSha1: false,
      now: new Date(),
      clockSkewSeconds: 180,
    }),
  );
  const saml = new SAML({
    idpCert: keys.certificatePem,
    issuer: SP_ENTITY_ID,
    audience: SP_ENTITY_ID,
    callbackUrl: ACS_URL,
    idpIssuer: IDP_ENTITY_ID,
    wantAssertionsSigned: signing !== 'response',
    wantAuthnResponseSigned: signing !== 'assertion',
    validateInResponseTo: 'never' as never,
    acceptedClockSkewMs: 180_000,
  });
  const theirs = await measure(`node-saml validatePostResponseAsync (${signing})`, () =>
    saml.validatePostResponseAsync({ SAMLResponse: b64 }),
  );
  console.log(`ratio ours/node-saml (${signing}): ${(ours / theirs).toFixed(2)}×`);
}
