// Re-signing: hostile but validly signed documents, made with xml-crypto (or a bare KeyValue / an HMAC key).
import { createPublicKey } from 'node:crypto';
import type { SigningMaterial } from '@samlbridge/certs';
import { ALGORITHMS } from '@samlbridge/protocol';
import { signWithXmlCrypto } from '@samlbridge/test-support';
import { SignedXml } from 'xml-crypto';
import { assertionOf, parse, root, serialize, setIdentity, signatureOf } from './dom.js';
import type { Genuine } from './types.js';

/** Removes `target`'s signature and signs it again with `keys` through xml-crypto (RSA-SHA256, exc-c14n). */
export function resign(
  xml: string,
  target: 'assertion' | 'response',
  keys: SigningMaterial,
  algorithm: string = ALGORITHMS.rsaSha256,
): string {
  const doc = parse(xml);
  const el = target === 'response' ? root(doc) : assertionOf(doc);
  const old = signatureOf(el);
  if (old) el.removeChild(old);
  const local = target === 'response' ? 'Response' : 'Assertion';
  return signWithXmlCrypto(serialize(doc), `//*[local-name(.)='${local}' and @ID='${el.getAttribute('ID')}']`, keys, algorithm);
}

/** HMAC-SHA1 "signature" keyed with the IdP certificate (public!) bytes: the classic key-confusion forgery. */
export function hmacForgery(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const assertion = assertionOf(doc);
  assertion.removeChild(signatureOf(assertion));
  setIdentity(assertion, 'admin');
  const sx = new SignedXml({ privateKey: Buffer.from(g.idp.certificatePem), canonicalizationAlgorithm: ALGORITHMS.excC14n });
  sx.enableHMAC();
  sx.signatureAlgorithm = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';
  sx.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n],
    digestAlgorithm: ALGORITHMS.sha256,
  });
  sx.computeSignature(serialize(doc), {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  const signed = sx.getSignedXml();
  // Add the IdP's genuine certificate in KeyInfo, as an attacker would, so only the algorithm can stop it.
  const cert = g.idp.certificatePem.replace(/-----[^-]+-----|\s/g, '');
  return signed.replace(
    '</ds:SignatureValue>',
    `</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`,
  );
}

/** Signs with the attacker key and replaces KeyInfo by a bare RSA KeyValue of that key. */
export function keyValueOnly(g: Genuine): string {
  const xml = g.issueWith(g.attacker, { signing: 'assertion' });
  const jwk = createPublicKey(g.attacker.certificatePem).export({ format: 'jwk' }) as { n: string; e: string };
  const b64 = (s: string) => Buffer.from(s, 'base64url').toString('base64');
  return xml.replace(
    /<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/,
    `<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`,
  );
}
