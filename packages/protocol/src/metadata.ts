// SAML metadata (saml-metadata §2.3.2 EntityDescriptor, §2.4.3 IDPSSODescriptor,
// §2.4.4 SPSSODescriptor). Element order follows saml-schema-metadata-2.0.xsd.
import { certificateBody } from './certificate.js';
import { toSamlInstant } from './ids.js';
import { BINDING, NS } from './namespaces.js';
import type { IdpMetadataInput, SpMetadataInput } from './types.js';
import { assertXmlChars, escapeC14nAttr as attr, escapeC14nText as text } from './xml/escape.js';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

function check(fields: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) assertXmlChars(value, name);
}

// saml-metadata §2.4.1.1 KeyDescriptor with the certificate in ds:KeyInfo/X509Data.
// KeyDescriptor: ds:KeyInfo, then md:EncryptionMethod* (xenc:EncryptionMethodType) for an encryption key.
function keyDescriptor(certificatePem: string, use: 'signing' | 'encryption', encryptionMethods: readonly string[] = []): string {
  const methods = encryptionMethods.map((m) => `      <md:EncryptionMethod Algorithm="${attr(m)}"/>\n`).join('');
  return `    <md:KeyDescriptor use="${use}">
      <ds:KeyInfo xmlns:ds="${NS.ds}">
        <ds:X509Data>
          <ds:X509Certificate>${certificateBody(certificatePem)}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
${methods}    </md:KeyDescriptor>
`;
}

/** xs:duration of whole seconds (saml-metadata §2.3.2 cacheDuration), e.g. 86400 → `PT86400S`. */
export function secondsToDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new TypeError('cacheDurationSeconds must be a whole number of seconds');
  return `PT${seconds}S`;
}

/** saml-metadata §2.3.2: ID, validUntil and cacheDuration of an EntityDescriptor (optional attributes). */
function entityAttributes(input: Pick<IdpMetadataInput, 'id' | 'validUntil' | 'cacheDurationSeconds'>): string {
  let out = '';
  if (input.cacheDurationSeconds !== undefined) out += ` cacheDuration="${secondsToDuration(input.cacheDurationSeconds)}"`;
  if (input.id !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(input.id)) throw new TypeError('id must be an xs:ID');
    out += ` ID="${input.id}"`;
  }
  if (input.validUntil !== undefined) out += ` validUntil="${toSamlInstant(input.validUntil)}"`;
  return out;
}

export function buildIdpMetadata(input: IdpMetadataInput): string {
  const slo = [
    ...(input.sloUrl
      ? [
          { binding: BINDING.redirect, location: input.sloUrl },
          { binding: BINDING.post, location: input.sloUrl },
        ]
      : []),
    ...(input.singleLogoutServices ?? []),
  ];
  check({
    entityId: input.entityId,
    ssoRedirectUrl: input.ssoRedirectUrl,
    ssoPostUrl: input.ssoPostUrl,
    ...Object.fromEntries(input.nameIdFormats.map((f, i) => [`nameIdFormats[${i}]`, f])),
    ...Object.fromEntries(
      slo.flatMap((e, i) => [
        [`singleLogoutServices[${i}].binding`, e.binding],
        [`singleLogoutServices[${i}].location`, e.location],
        [`singleLogoutServices[${i}].responseLocation`, e.responseLocation],
      ]),
    ),
  });
  let out = `${DECL}<md:EntityDescriptor xmlns:md="${NS.metadata}"${entityAttributes(input)} entityID="${attr(input.entityId)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="${NS.protocol}" WantAuthnRequestsSigned="${
    input.wantAuthnRequestsSigned ? 'true' : 'false'
  }">
`;
  // saml-metadata §2.4.1.1: one KeyDescriptor per signing certificate (the next key is published before it signs).
  const certificates = typeof input.certificatePem === 'string' ? [input.certificatePem] : input.certificatePem;
  for (const pem of certificates) out += keyDescriptor(pem, 'signing');
  // SSODescriptorType: SingleLogoutService*, then NameIDFormat*.
  for (const e of slo) {
    out += `    <md:SingleLogoutService Binding="${attr(e.binding)}" Location="${attr(e.location)}"${
      e.responseLocation ? ` ResponseLocation="${attr(e.responseLocation)}"` : ''
    }/>\n`;
  }
  for (const f of input.nameIdFormats) out += `    <md:NameIDFormat>${text(f)}</md:NameIDFormat>\n`;
  // IDPSSODescriptorType: SingleSignOnService+ (saml-bindings §3.4 Redirect, §3.5 POST).
  out += `    <md:SingleSignOnService Binding="${BINDING.redirect}" Location="${attr(input.ssoRedirectUrl)}"/>
    <md:SingleSignOnService Binding="${BINDING.post}" Location="${attr(input.ssoPostUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
  return out;
}

export function buildSpMetadata(input: SpMetadataInput): string {
  check({
    entityId: input.entityId,
    acs: input.assertionConsumerServiceUrl,
    nameIdFormat: input.nameIdFormat,
    singleLogoutServiceUrl: input.singleLogoutServiceUrl,
    singleLogoutSoapUrl: input.singleLogoutSoapUrl,
  });
  let out = `${DECL}<md:EntityDescriptor xmlns:md="${NS.metadata}" entityID="${attr(input.entityId)}">
  <md:SPSSODescriptor protocolSupportEnumeration="${NS.protocol}" AuthnRequestsSigned="${
    input.authnRequestsSigned ? 'true' : 'false'
  }" WantAssertionsSigned="${input.wantAssertionsSigned ? 'true' : 'false'}">
`;
  if (input.certificatePem) out += keyDescriptor(input.certificatePem, 'signing');
  if (input.encryption) out += keyDescriptor(input.encryption.certificatePem, 'encryption', input.encryption.encryptionMethods);
  // SSODescriptorType: SingleLogoutService*, then NameIDFormat*.
  if (input.singleLogoutServiceUrl) {
    for (const binding of [BINDING.redirect, BINDING.post]) {
      out += `    <md:SingleLogoutService Binding="${binding}" Location="${attr(input.singleLogoutServiceUrl)}"/>\n`;
    }
  }
  if (input.singleLogoutSoapUrl) {
    out += `    <md:SingleLogoutService Binding="${BINDING.soap}" Location="${attr(input.singleLogoutSoapUrl)}"/>\n`;
  }
  if (input.nameIdFormat) out += `    <md:NameIDFormat>${text(input.nameIdFormat)}</md:NameIDFormat>\n`;
  // saml-metadata §2.4.4: AssertionConsumerService+ (indexed endpoint, §2.2.3).
  out += `    <md:AssertionConsumerService Binding="${BINDING.post}" Location="${attr(
    input.assertionConsumerServiceUrl,
  )}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
  return out;
}
