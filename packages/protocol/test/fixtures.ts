// Shared test fixtures: a throwaway IdP key pair and a typical Response input.

import type { SigningMaterial } from '@samlbridge/certs';
import { generateSigningMaterial } from '@samlbridge/certs';
import type { ResponseInput, SamlAttribute, SigningMode } from '../src/index.js';
import { AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT, NAMEID_FORMAT } from '../src/index.js';

let material: SigningMaterial | undefined;

/** One key pair per test process (generation takes ~100 ms). */
export function signingMaterial(): SigningMaterial {
  material ??= generateSigningMaterial({ commonName: 'samlbridge test IdP' });
  return material;
}

let spMaterial: SigningMaterial | undefined;

/** The SP's encryption key pair (the recipient of EncryptedAssertions), one per test process. */
export function spEncryptionMaterial(): SigningMaterial {
  spMaterial ??= generateSigningMaterial({ commonName: 'samlbridge test SP encryption' });
  return spMaterial;
}

export const IDP_ENTITY_ID = 'https://idp.example.test/saml2/talentlms';
export const SP_ENTITY_ID = 'acme.talentlms.test';
export const ACS_URL = 'https://acme.talentlms.test/simplesaml/module.php/saml/sp/saml2-acs.php/acme.talentlms.test';

export interface SampleOptions {
  signing?: SigningMode;
  nameId?: string;
  attributes?: SamlAttribute[];
  inResponseTo?: string;
  now?: Date;
  responseId?: string;
  assertionId?: string;
}

export function sampleResponseInput(o: SampleOptions = {}): ResponseInput {
  const now = o.now ?? new Date();
  const later = new Date(now.getTime() + 5 * 60_000);
  return {
    responseId: o.responseId ?? '_response0123456789abcdef',
    assertionId: o.assertionId ?? '_assertion0123456789abcdef',
    issueInstant: now,
    issuer: IDP_ENTITY_ID,
    destination: ACS_URL,
    ...(o.inResponseTo ? { inResponseTo: o.inResponseTo } : {}),
    status: { code: 'Success' },
    signing: o.signing ?? 'both',
    assertion: {
      nameId: o.nameId ?? 'jane.doe@example.com',
      nameIdFormat: NAMEID_FORMAT.emailAddress,
      subjectNotOnOrAfter: later,
      notBefore: new Date(now.getTime() - 30_000),
      notOnOrAfter: later,
      audience: SP_ENTITY_ID,
      authnInstant: now,
      sessionIndex: '_session0123',
      authnContextClassRef: AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT,
      attributes: o.attributes ?? [
        { name: 'email', values: ['jane.doe@example.com'] },
        { name: 'firstName', values: ['Jane'] },
        { name: 'lastName', values: ['Doe'] },
        { name: 'groups', values: ['Staff', 'R&D <core>'] },
      ],
    },
  };
}
