// SAML metadata (saml-metadata §2.3.2 EntityDescriptor, §2.4.3 IDPSSODescriptor,
// §2.4.4 SPSSODescriptor). Element order follows saml-schema-metadata-2.0.xsd.
import { certificateBody } from './certificate.js';
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

export function buildIdpMetadata(input: IdpMetadataInput): string {
  check({
    entityId: input.entityId,
    ssoRedirectUrl: input.ssoRedirectUrl,
    ssoPostUrl: input.ssoPostUrl,
    sloUrl: input.sloUrl,
    ...Object.fromEntries(input.nameIdFormats.map((f, i) => [`nameIdFormats[${i}]`, f])),
  });
  let out = `${DECL}<md:EntityDescriptor xmlns:md="${NS.metadata}" entityID="${attr(input.entityId)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="${NS.protocol}" WantAuthnRequestsSigned="${
    input.wantAuthnRequestsSigned ? 'true' : 'false'
  }">
`;
  // saml-metadata §2.4.1.1: one KeyDescriptor per signing certificate (the next key is published before it signs).
  const certificates = typeof input.certificatePem === 'string' ? [input.certificatePem] : input.certificatePem;
  for (const pem of certificates) out += keyDescriptor(pem, 'signing');
  // SSODescriptorType: SingleLogoutService*, then NameIDFormat*.
  if (input.sloUrl) {
    out += `    <md:SingleLogoutService Binding="${BINDING.redirect}" Location="${attr(input.sloUrl)}"/>\n`;
    out += `    <md:SingleLogoutService Binding="${BINDING.post}" Location="${attr(input.sloUrl)}"/>\n`;
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
  check({ entityId: input.entityId, acs: input.assertionConsumerServiceUrl, nameIdFormat: input.nameIdFormat });
  let out = `${DECL}<md:EntityDescriptor xmlns:md="${NS.metadata}" entityID="${attr(input.entityId)}">
  <md:SPSSODescriptor protocolSupportEnumeration="${NS.protocol}" AuthnRequestsSigned="${
    input.authnRequestsSigned ? 'true' : 'false'
  }" WantAssertionsSigned="${input.wantAssertionsSigned ? 'true' : 'false'}">
`;
  if (input.certificatePem) out += keyDescriptor(input.certificatePem, 'signing');
  if (input.encryption) out += keyDescriptor(input.encryption.certificatePem, 'encryption', input.encryption.encryptionMethods);
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
