// Enveloped XML signatures on a SAML Response (saml-core §5.4): which ones count, which key, which
// algorithms, and the canonical bytes that were actually signed (xml-crypto's getSignedReferences).
import { timingSafeEqual } from 'node:crypto';
import type { NormalizedFingerprint } from '@samlbridge/protocol';
import { ALGORITHMS, attr, childElementsNS, derToPem, fingerprintMatches, firstChildNS, NS, textContent } from '@samlbridge/protocol';
import type { Document, Element } from '@xmldom/xmldom';
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
 * its single Reference points at that element's ID. Any other ds:Signature in the document (inside
 * Extensions, Advice, StatusDetail, an Object, or one referencing something else) is refused outright:
 * it has no legitimate use in a Response and is the raw material of every wrapping attack.
 */
export function findSignatures(doc: Document, response: Element, assertion: Element | undefined): SignatureCandidate[] {
  const out: SignatureCandidate[] = [];
  const parents: [SignedTarget, Element | undefined][] = [
    ['response', response],
    ['assertion', assertion],
  ];
  for (const [target, parent] of parents) {
    if (!parent) continue;
    const sigs = childElementsNS(parent, NS.ds, 'Signature');
    if (sigs.length === 0) continue;
    if (sigs.length > 1) throw reject('malformed_signature', `${target} has ${sigs.length} signatures`);
    const id = attr(parent, 'ID');
    const signature = sigs[0] as Element;
    const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo');
    const refs = signedInfo ? childElementsNS(signedInfo, NS.ds, 'Reference') : [];
    if (!id || refs.length !== 1 || attr(refs[0] as Element, 'URI') !== `#${id}`) {
      throw reject('unexpected_signature', `The ${target} signature does not reference the ${target} itself`);
    }
    out.push({ target, targetId: id, signature });
  }
  const total = doc.getElementsByTagNameNS(NS.ds, 'Signature').length;
  if (total !== out.length)
    throw reject('unexpected_signature', `${total - out.length} ds:Signature element(s) outside the Response/Assertion`);
  return out;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Element children by local name (any namespace), to compare a Signature's shape with xmldsig §4's schema. */
function shape(el: Element): string[] {
  const out: string[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) out.push(`${(n as Element).namespaceURI === NS.ds ? '' : '!'}${(n as Element).localName}`);
  }
  return out;
}

function onlyText(el: Element | undefined): boolean {
  if (!el) return false;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType !== TEXT_NODE) return false;
  return true;
}

/**
 * xmldsig §4: exactly SignedInfo, SignatureValue, optional KeyInfo (no Object); SignedInfo holds one
 * CanonicalizationMethod, one SignatureMethod, one Reference; DigestValue and SignatureValue are plain
 * text (a comment there is CVE-2025-29775's trick: parsers disagree on which text counts).
 */
export function checkSignatureShape(signature: Element): void {
  const bad = (detail: string) => reject('malformed_signature', detail);
  const top = shape(signature);
  if (top[0] !== 'SignedInfo' || top[1] !== 'SignatureValue' || top.length > 3 || (top.length === 3 && top[2] !== 'KeyInfo')) {
    throw bad(`Signature children: ${top.join(', ')}`);
  }
  const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo') as Element;
  const info = shape(signedInfo);
  if (info.join(',') !== 'CanonicalizationMethod,SignatureMethod,Reference') throw bad(`SignedInfo children: ${info.join(', ')}`);
  const reference = firstChildNS(signedInfo, NS.ds, 'Reference') as Element;
  const ref = shape(reference).join(',');
  if (ref !== 'Transforms,DigestMethod,DigestValue' && ref !== 'DigestMethod,DigestValue') throw bad(`Reference children: ${ref}`);
  if (!onlyText(firstChildNS(reference, NS.ds, 'DigestValue'))) throw bad('DigestValue is not plain text');
  if (!onlyText(firstChildNS(signature, NS.ds, 'SignatureValue'))) throw bad('SignatureValue is not plain text');
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
    // SAML identifies elements by `ID` only (saml-core §1.3.4); looking up Id/id too costs two more XPath scans.
    sx.idAttributes = ['ID'];
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
