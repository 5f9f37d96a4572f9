// Enveloped XML signatures on a SAML Response (saml-core §5.4): which ones count, which key, which
// algorithms, and the canonical bytes that were actually signed (xml-crypto's getSignedReferences).
import { timingSafeEqual } from 'node:crypto';
import type { NormalizedFingerprint } from '@samlbridge/protocol';
import { ALGORITHMS, attr, childElementsNS, derToPem, fingerprintMatches, firstChildNS, NS, textContent } from '@samlbridge/protocol';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { reject } from './reasons.js';

export interface Trust {
  fingerprints: readonly NormalizedFingerprint[];
  /** DER of each configured PEM certificate. */
  certificates: readonly Buffer[];
}

export type SignedTarget = 'response' | 'assertion';

export interface SignatureCandidate {
  target: SignedTarget;
  /** ID of the element the signature envelops (its parent). */
  targetId: string;
  signature: Element;
}

const C14N = new Set([
  ALGORITHMS.excC14n,
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
]);
const TRANSFORMS = new Set([ALGORITHMS.envelopedSignature, ...C14N]);

/**
 * saml-core §5.4.1/§5.4.2: a signature counts only when it is a direct child of the element it signs and
 * its single Reference points at that element's ID. Others are ignored (they cannot vouch for anything).
 */
export function findSignatures(response: Element, assertion: Element | undefined): SignatureCandidate[] {
  const out: SignatureCandidate[] = [];
  const parents: [SignedTarget, Element | undefined][] = [
    ['response', response],
    ['assertion', assertion],
  ];
  for (const [target, parent] of parents) {
    if (!parent) continue;
    const id = attr(parent, 'ID');
    const sigs = childElementsNS(parent, NS.ds, 'Signature');
    if (!id || sigs.length === 0) continue;
    if (sigs.length > 1) throw reject('malformed_response', `${target} has ${sigs.length} signatures`);
    const signature = sigs[0] as Element;
    const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo');
    const refs = signedInfo ? childElementsNS(signedInfo, NS.ds, 'Reference') : [];
    if (refs.length === 1 && attr(refs[0] as Element, 'URI') === `#${id}`) out.push({ target, targetId: id, signature });
  }
  return out;
}

/** xmldsig §6: only RSA with SHA-256/512 (SHA-1 when allowed); HMAC and anything unknown are refused. */
export function checkAlgorithms(signature: Element, allowSha1: boolean): void {
  const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo');
  if (!signedInfo) throw reject('malformed_response', 'Signature without SignedInfo');
  const algorithm = (name: string, parent: Element = signedInfo) => {
    const el = firstChildNS(parent, NS.ds, name);
    return el ? (attr(el, 'Algorithm') ?? '') : '';
  };
  const signatureMethods = new Set<string>([ALGORITHMS.rsaSha256, ALGORITHMS.rsaSha512, ...(allowSha1 ? [ALGORITHMS.rsaSha1] : [])]);
  const digestMethods = new Set<string>([ALGORITHMS.sha256, ALGORITHMS.sha512, ...(allowSha1 ? [ALGORITHMS.sha1] : [])]);
  const method = algorithm('SignatureMethod');
  if (!signatureMethods.has(method)) throw reject('signature_algorithm_forbidden', `SignatureMethod ${method || '(none)'}`);
  if (!C14N.has(algorithm('CanonicalizationMethod'))) throw reject('signature_algorithm_forbidden', 'CanonicalizationMethod');
  const reference = firstChildNS(signedInfo, NS.ds, 'Reference') as Element;
  const digest = algorithm('DigestMethod', reference);
  if (!digestMethods.has(digest)) throw reject('signature_algorithm_forbidden', `DigestMethod ${digest || '(none)'}`);
  const transforms = firstChildNS(reference, NS.ds, 'Transforms');
  for (const t of transforms ? childElementsNS(transforms, NS.ds, 'Transform') : []) {
    if (!TRANSFORMS.has(attr(t, 'Algorithm') ?? '')) throw reject('signature_algorithm_forbidden', 'Transform');
  }
}

function derFromBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

function isConfiguredCertificate(der: Buffer, trust: Trust): boolean {
  let found = false;
  for (const c of trust.certificates) if (c.length === der.length && timingSafeEqual(c, der)) found = true;
  return found;
}

/**
 * The verification keys to try, as PEM. A KeyInfo certificate is used only when its SHA-1/SHA-256
 * fingerprint is configured or it equals a configured certificate; without one, configured PEMs are used.
 */
export function trustedKeys(signature: Element, trust: Trust): string[] {
  const keyInfo = firstChildNS(signature, NS.ds, 'KeyInfo');
  const embedded: Buffer[] = [];
  for (const data of keyInfo ? childElementsNS(keyInfo, NS.ds, 'X509Data') : []) {
    for (const c of childElementsNS(data, NS.ds, 'X509Certificate')) {
      const der = derFromBase64(textContent(c) ?? '');
      if (der) embedded.push(der);
    }
  }
  if (embedded.length > 0) {
    const trusted = embedded.find((der) => fingerprintMatches(der, trust.fingerprints) || isConfiguredCertificate(der, trust));
    if (!trusted) throw reject('untrusted_certificate', 'KeyInfo certificate matches no configured fingerprint or certificate');
    return [derToPem(trusted)];
  }
  if (trust.certificates.length > 0) return trust.certificates.map((der) => derToPem(der));
  throw reject('untrusted_certificate', 'No certificate in KeyInfo and no configured PEM certificate');
}

/**
 * xml-crypto checks the digest and the SignatureValue with `publicCert` only (KeyInfo is never used as a key),
 * and returns the canonical bytes of the referenced element: the only thing we read identity from.
 */
export function verifySignature(xml: string, signature: Element, keys: readonly string[]): string {
  for (const publicCert of keys) {
    const sx = new SignedXml({ publicCert, getCertFromKeyInfo: () => null });
    let valid = false;
    try {
      sx.loadSignature(signature as unknown as Node);
      valid = sx.checkSignature(xml);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const refs = sx.getSignedReferences();
    if (refs.length === 1 && refs[0]) return refs[0];
  }
  throw reject('signature_invalid');
}
