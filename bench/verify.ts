// SP-side validation throughput: our ACS verifier (stricter checks, identity read from signed
// bytes only) against node-saml's validatePostResponseAsync, on the same signed Response.

import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { generateSigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, encodePost, fingerprints } from '@samlbridge/protocol';
import { verifySamlResponse } from '@samlbridge/sp-talentlms';
import { rate } from './rate.js';
import { responseInput } from './signing.js';

export interface VerifyBenchResult {
  ourValidationsPerSec: number;
  nodeSamlValidationsPerSec: number;
  /** ours ÷ node-saml (target ≥ 1) */
  ratio: number;
}

export async function benchVerify({ seconds = 2 }: { seconds?: number } = {}): Promise<VerifyBenchResult> {
  const material = generateSigningMaterial({ commonName: 'bench IdP' });
  const input = responseInput();
  const assertion = input.assertion!;
  const samlResponse = encodePost(createResponseSigner(material).issue(input));

  const context = {
    idpEntityId: input.issuer,
    spEntityId: assertion.audience,
    acsUrl: input.destination,
    certificateFingerprints: [fingerprints(material.certificatePem).sha1],
    certificatePem: '',
    requireSignedAssertion: false,
    allowSha1: false,
    clockSkewSeconds: 180,
  };
  // Both verifiers check signatures and conditions; neither keeps a replay cache here.
  const verified = verifySamlResponse(samlResponse, { ...context, now: new Date() });
  if (verified.nameId !== assertion.nameId) throw new Error('our verifier did not read the expected NameID');

  const nodeSaml = new SAML({
    idpCert: material.certificatePem,
    issuer: assertion.audience,
    audience: assertion.audience,
    idpIssuer: input.issuer,
    callbackUrl: input.destination,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 180_000,
  });
  const checked = await nodeSaml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (checked.profile?.nameID !== assertion.nameId) throw new Error('node-saml did not read the expected NameID');

  const ourValidationsPerSec = await rate(seconds, () => verifySamlResponse(samlResponse, { ...context, now: new Date() }));
  const nodeSamlValidationsPerSec = await rate(seconds, () => nodeSaml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  return { ourValidationsPerSec, nodeSamlValidationsPerSec, ratio: ourValidationsPerSec / nodeSamlValidationsPerSec };
}
