// A second signer to test our verifiers against: xml-crypto signs one element of a document with an enveloped
// signature (exc-c14n, xmldsig-core §6.6.4 / §6.5.1) placed right after the element's saml:Issuer, as SAML wants
// (saml-core §5.4.1).
import { SignedXml } from 'xml-crypto';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const DIGEST = { sha1: 'http://www.w3.org/2000/09/xmldsig#sha1', sha256: 'http://www.w3.org/2001/04/xmlenc#sha256' };

/**
 * `xml` with the element `elementXpath` selects signed by `keys` (RSA-SHA256 unless `signatureAlgorithm` says
 * otherwise; SHA-1 digests go with RSA-SHA1), the ds:Signature after its Issuer.
 */
export function signWithXmlCrypto(
  xml: string,
  elementXpath: string,
  keys: { privateKeyPem: string; certificatePem: string },
  signatureAlgorithm: string = RSA_SHA256,
): string {
  const signer = new SignedXml({
    privateKey: keys.privateKeyPem,
    publicCert: keys.certificatePem,
    signatureAlgorithm,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({
    xpath: elementXpath,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: signatureAlgorithm === RSA_SHA1 ? DIGEST.sha1 : DIGEST.sha256,
  });
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: `${elementXpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}
