// Signed metadata (saml-metadata §3: an enveloped XML signature on the EntityDescriptor, placed as its
// first child; saml-schema-metadata-2.0.xsd puts ds:Signature before any role descriptor). The relying
// party checks it with the IdP certificate it already trusts (out of band, or a previous copy).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { ALGORITHMS } from './namespaces.js';
import { protocolInputError } from './protocol-errors.js';

export interface MetadataSigningKey {
  privateKeyPem: string;
  certificatePem: string;
}

/**
 * Signs an EntityDescriptor document (buildIdpMetadata output with an `id`) with RSA-SHA256 over
 * exclusive c14n. The signature references the EntityDescriptor's ID (xmldsig §4.4.3.3, saml-core §5.4.2).
 */
export function signMetadata(xml: string, { privateKeyPem, certificatePem }: MetadataSigningKey): string {
  const key = createPrivateKey(privateKeyPem);
  if (!new X509Certificate(certificatePem).checkPrivateKey(key)) {
    throw protocolInputError('key_certificate_mismatch', undefined, { expose: false });
  }
  const signer = new SignedXml({
    privateKey: privateKeyPem,
    publicCert: certificatePem,
    signatureAlgorithm: ALGORITHMS.rsaSha256,
    canonicalizationAlgorithm: ALGORITHMS.excC14n,
  });
  signer.addReference({
    xpath: "/*[local-name()='EntityDescriptor']",
    transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n],
    digestAlgorithm: ALGORITHMS.sha256,
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: "/*[local-name()='EntityDescriptor']", action: 'prepend' },
  });
  return signer.getSignedXml();
}
