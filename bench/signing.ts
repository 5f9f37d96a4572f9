// Signing throughput: the raw RSA limit, our Response builder, and samlify as a peer.
// Efficiency = ourResponsesPerSec × signaturesPerResponse ÷ rawSignsPerSec (target ≥ 0.8):
// how close the builder gets to "nothing but the two RSA signatures".
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { generateSigningMaterial } from '@samlbridge/certs';
import type { ResponseInput } from '@samlbridge/protocol';
import {
  AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT,
  BINDING,
  buildIdpMetadata,
  createResponseSigner,
  NAMEID_FORMAT,
  newSamlId,
} from '@samlbridge/protocol';
import * as samlify from 'samlify';
import { rate } from './rate.js';

export interface SigningBenchResult {
  rawSignsPerSec: number;
  ourResponsesPerSec: number;
  signaturesPerResponse: number;
  samlifyResponsesPerSec: number;
  /** ourResponsesPerSec × signaturesPerResponse ÷ rawSignsPerSec */
  efficiency: number;
}

export function responseInput(): ResponseInput {
  const now = new Date();
  const later = new Date(now.getTime() + 5 * 60_000);
  return {
    responseId: newSamlId(),
    assertionId: newSamlId(),
    issueInstant: now,
    issuer: 'https://idp.example.test/saml2/talentlms',
    destination: 'https://acme.talentlms.test/simplesaml/module.php/saml/sp/saml2-acs.php/acme.talentlms.test',
    inResponseTo: '_0123456789abcdef0123456789abcdef01234567',
    status: { code: 'Success' },
    signing: 'both',
    assertion: {
      nameId: 'jane.doe@example.com',
      nameIdFormat: NAMEID_FORMAT.emailAddress,
      subjectNotOnOrAfter: later,
      notBefore: now,
      notOnOrAfter: later,
      audience: 'acme.talentlms.test',
      authnInstant: now,
      sessionIndex: newSamlId(),
      authnContextClassRef: AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT,
      attributes: [
        { name: 'email', values: ['jane.doe@example.com'] },
        { name: 'firstName', values: ['Jane'] },
        { name: 'lastName', values: ['Doe'] },
        { name: 'groups', values: ['Staff', 'Engineering'] },
      ],
    },
  };
}

export async function benchSigning({ seconds = 2 }: { seconds?: number } = {}): Promise<SigningBenchResult> {
  const material = generateSigningMaterial({ commonName: 'bench IdP' });
  const key = createPrivateKey(material.privateKeyPem);

  // 1. The limit: one RSA-2048 PKCS#1 v1.5 SHA-256 signature over ~500 bytes (a SignedInfo's size).
  const payload = randomBytes(500);
  const rawSignsPerSec = await rate(seconds, () => sign('sha256', payload, key));

  // 2. Ours: a full Response, both Response and Assertion signed, 4 attributes.
  const signer = createResponseSigner(material);
  const ourResponsesPerSec = await rate(seconds, () => signer.issue(responseInput()));

  // 3. samlify's IdentityProvider with its default template (no attributes), signing both too.
  samlify.setSchemaValidator({ validate: async () => 'skipped' });
  const idp = samlify.IdentityProvider({
    metadata: buildIdpMetadata({
      entityId: 'https://idp.example.test/saml2/talentlms',
      certificatePem: material.certificatePem,
      ssoRedirectUrl: 'https://idp.example.test/saml2/talentlms',
      ssoPostUrl: 'https://idp.example.test/saml2/talentlms',
      nameIdFormats: [NAMEID_FORMAT.emailAddress],
    }),
    privateKey: material.privateKeyPem,
  });
  const sp = samlify.ServiceProvider({
    entityID: 'acme.talentlms.test',
    assertionConsumerService: [
      {
        Binding: BINDING.post,
        Location: 'https://acme.talentlms.test/simplesaml/module.php/saml/sp/saml2-acs.php/acme.talentlms.test',
      },
    ],
    wantAssertionsSigned: true,
    wantMessageSigned: true,
  });
  const requestInfo = { extract: { request: { id: '_0123456789abcdef0123456789abcdef01234567' } } };
  const user = { email: 'jane.doe@example.com' };
  const samlifyResponsesPerSec = await rate(seconds, () => idp.createLoginResponse(sp, requestInfo, 'post', user));

  const signaturesPerResponse = 2;
  return {
    rawSignsPerSec,
    ourResponsesPerSec,
    signaturesPerResponse,
    samlifyResponsesPerSec,
    efficiency: (ourResponsesPerSec * signaturesPerResponse) / rawSignsPerSec,
  };
}

// `node --import tsx bench/signing.ts [seconds]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSigning({ seconds: Number(process.argv[2] ?? 2) });
  console.log(JSON.stringify(result, null, 2));
}
