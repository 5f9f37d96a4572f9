// An enveloped signature on a protocol message we write ourselves in exclusive-canonical form (LogoutRequest,
// LogoutResponse; saml-core §5.4): the bytes written ARE the canonical bytes, so the digest is one hash over the
// string and the signature goes right after the message's Issuer (saml-core §5.4.2).
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { certificateBody } from '../certificate.js';
import { ALGORITHMS, NS } from '../namespaces.js';
import type { SignatureAlgorithm } from '../types.js';

const ALG: Record<SignatureAlgorithm, { uri: string; hash: string; digestUri: string }> = {
  'rsa-sha256': { uri: ALGORITHMS.rsaSha256, hash: 'sha256', digestUri: ALGORITHMS.sha256 },
  'rsa-sha512': { uri: ALGORITHMS.rsaSha512, hash: 'sha512', digestUri: ALGORITHMS.sha512 },
  'rsa-sha1': { uri: ALGORITHMS.rsaSha1, hash: 'sha1', digestUri: ALGORITHMS.sha1 },
};

export interface MessageSigningKey {
  privateKeyPem: string | KeyObject;
  certificatePem: string;
  algorithm?: SignatureAlgorithm;
}

/**
 * `canonical` is the whole message in exclusive-canonical form whose root carries `ID="{id}"` and whose first
 * child ends with `</saml:Issuer>`. Returns the message with its enveloped ds:Signature after the Issuer.
 */
export function signCanonicalMessage(canonical: string, id: string, key: MessageSigningKey): string {
  const { uri, hash, digestUri } = ALG[key.algorithm ?? 'rsa-sha256'];
  const at = canonical.indexOf('</saml:Issuer>');
  if (at === -1) throw new TypeError('signCanonicalMessage: the message has no Issuer');
  const insertAt = at + '</saml:Issuer>'.length;
  const digest = createHash(hash).update(canonical, 'utf8').digest('base64');
  const inner = `<ds:CanonicalizationMethod Algorithm="${ALGORITHMS.excC14n}"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="${uri}"></ds:SignatureMethod><ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="${ALGORITHMS.envelopedSignature}"></ds:Transform><ds:Transform Algorithm="${ALGORITHMS.excC14n}"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="${digestUri}"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
  // As the apex of exc-c14n, SignedInfo renders the ds namespace it uses (xml-exc-c14n §3).
  const privateKey = typeof key.privateKeyPem === 'string' ? createPrivateKey(key.privateKeyPem) : key.privateKeyPem;
  const value = sign(hash, Buffer.from(`<ds:SignedInfo xmlns:ds="${NS.ds}">${inner}`, 'utf8'), privateKey).toString('base64');
  const signature = `<ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo>${inner}<ds:SignatureValue>${value}</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(key.certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`;
  return canonical.slice(0, insertAt) + signature + canonical.slice(insertAt);
}
