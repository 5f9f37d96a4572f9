// Enveloped XML signatures (xmldsig-core), verified the same way on both sides: the SP's Response/Assertion
// signatures and the IdP's POST-binding AuthnRequest signatures. Pure: no HTTP, no storage. Each step throws an
// XmlSignatureError whose code the caller maps to its own reason codes.
//   1. isEnvelopedReference — the signature signs its own parent (saml-core §5.4.1/§5.4.2);
//   2. checkSignatureShape — the element structure xmldsig §4 allows, nothing more;
//   3. checkSignatureAlgorithms — the allow-list (xmldsig §6);
//   4. verifyEnvelopedSignature — core validation (./xml/xmldsig-core.ts) with configured keys only; returns the
//      canonical signed bytes, the only bytes a caller may read from afterwards.

import type { KeyObject } from 'node:crypto';
import { SamlbridgeError } from '@samlbridge/errors';
import type { Element } from '@xmldom/xmldom';
import { ALGORITHMS, NS } from './namespaces.js';
import { attr, childElementsNS, firstChildNS } from './xml/safe-parse.js';
import { verificationKey } from './xml/verification-keys.js';
import { CoreValidationError, verifyEnvelopedInTree } from './xml/xmldsig-core.js';

export type XmlSignatureFailure = 'unexpected_signature' | 'malformed_signature' | 'signature_algorithm_forbidden' | 'signature_invalid';

/** A refused signature; `code` says which step refused it, `message` what was found. */
export class XmlSignatureError extends SamlbridgeError {
  declare code: XmlSignatureFailure;
  /** `problem`: what the XML signature library reported, for the caller's log (never shown to the person). */
  constructor(code: XmlSignatureFailure, message: string, problem?: string) {
    super(code, message, { status: 403, ...(problem === undefined ? {} : { details: { problem } }) });
  }
}

/** Canonicalization algorithms accepted as CanonicalizationMethod or Transform (xml-c14n, xml-exc-c14n). */
export const C14N_ALGORITHMS: ReadonlySet<string> = new Set([
  ALGORITHMS.excC14n,
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
]);
const TRANSFORMS: ReadonlySet<string> = new Set([ALGORITHMS.envelopedSignature, ...C14N_ALGORITHMS]);

/**
 * saml-core §5.4.2: the signature is a child of `parent` and its (first) SignedInfo's single Reference points at
 * the parent's ID. A second SignedInfo is left to checkSignatureShape, which refuses it as malformed.
 */
export function isEnvelopedReference(signature: Element, parent: Element, idAttribute = 'ID'): boolean {
  const id = attr(parent, idAttribute);
  const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo');
  if (!id || !signedInfo || signature.parentNode !== parent) return false;
  const refs = childElementsNS(signedInfo, NS.ds, 'Reference');
  return refs.length === 1 && attr(refs[0] as Element, 'URI') === `#${id}`;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Element children by local name ('!' marks a foreign namespace), to compare with xmldsig §4's schema. */
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
 * xmldsig §4: exactly SignedInfo, SignatureValue, optional KeyInfo (no Object: nothing may hide there);
 * SignedInfo holds one CanonicalizationMethod, one SignatureMethod, one Reference; DigestValue and
 * SignatureValue are plain text (a comment there is CVE-2025-29775's trick: parsers disagree on which text counts).
 */
export function checkSignatureShape(signature: Element): void {
  const bad = (detail: string) => new XmlSignatureError('malformed_signature', detail);
  const top = shape(signature);
  if (top[0] !== 'SignedInfo' || top[1] !== 'SignatureValue' || top.length > 3 || (top.length === 3 && top[2] !== 'KeyInfo')) {
    throw bad(`Signature children are ${top.join(', ') || '(none)'}; expected SignedInfo, SignatureValue and optionally KeyInfo`);
  }
  const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo') as Element;
  const info = shape(signedInfo);
  if (info.join(',') !== 'CanonicalizationMethod,SignatureMethod,Reference') {
    throw bad(`SignedInfo children are ${info.join(', ') || '(none)'}; expected CanonicalizationMethod, SignatureMethod, Reference`);
  }
  const reference = firstChildNS(signedInfo, NS.ds, 'Reference') as Element;
  const ref = shape(reference).join(',');
  if (ref !== 'Transforms,DigestMethod,DigestValue' && ref !== 'DigestMethod,DigestValue') {
    throw bad(`Reference children are ${ref || '(none)'}; expected [Transforms,] DigestMethod, DigestValue`);
  }
  if (!onlyText(firstChildNS(reference, NS.ds, 'DigestValue'))) throw bad('DigestValue holds something other than text');
  if (!onlyText(firstChildNS(signature, NS.ds, 'SignatureValue'))) throw bad('SignatureValue holds something other than text');
}

/**
 * xmldsig §6 allow-list: RSA with SHA-256/512 (SHA-1 only when allowed), canonicalization and the enveloped
 * transform only. HMAC (its "key" could be the public certificate), XPath/XSLT transforms and anything
 * unknown are refused. Call after checkSignatureShape.
 */
export function checkSignatureAlgorithms(signature: Element, { allowSha1 }: { allowSha1: boolean }): void {
  const forbidden = (detail: string) => new XmlSignatureError('signature_algorithm_forbidden', detail);
  const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo');
  if (!signedInfo) throw new XmlSignatureError('malformed_signature', 'Signature without SignedInfo');
  const algorithm = (name: string, parent: Element = signedInfo) => {
    const el = firstChildNS(parent, NS.ds, name);
    return el ? (attr(el, 'Algorithm') ?? '') : '';
  };
  const signatureMethods = new Set<string>([ALGORITHMS.rsaSha256, ALGORITHMS.rsaSha512, ...(allowSha1 ? [ALGORITHMS.rsaSha1] : [])]);
  const digestMethods = new Set<string>([ALGORITHMS.sha256, ALGORITHMS.sha512, ...(allowSha1 ? [ALGORITHMS.sha1] : [])]);
  const method = algorithm('SignatureMethod');
  if (!signatureMethods.has(method)) throw forbidden(`SignatureMethod ${method || '(none)'} is not accepted`);
  const c14n = algorithm('CanonicalizationMethod');
  if (!C14N_ALGORITHMS.has(c14n)) throw forbidden(`CanonicalizationMethod ${c14n || '(none)'} is not accepted`);
  const reference = firstChildNS(signedInfo, NS.ds, 'Reference');
  if (!reference) throw new XmlSignatureError('malformed_signature', 'SignedInfo without Reference');
  const digest = algorithm('DigestMethod', reference);
  if (!digestMethods.has(digest)) throw forbidden(`DigestMethod ${digest || '(none)'} is not accepted`);
  const transforms = firstChildNS(reference, NS.ds, 'Transforms');
  const chain = (transforms ? childElementsNS(transforms, NS.ds, 'Transform') : []).map((t) => attr(t, 'Algorithm') ?? '');
  for (const a of chain) if (!TRANSFORMS.has(a)) throw forbidden(`Transform ${a || '(none)'} is not accepted`);
  // saml-core §5.4.4: the enveloped-signature transform, then (at most) one canonicalization; nothing else.
  const envelopedFirst = chain[0] === ALGORITHMS.envelopedSignature ? chain.slice(1) : chain;
  if (envelopedFirst.length > 1 || envelopedFirst.includes(ALGORITHMS.envelopedSignature)) {
    throw forbidden(`Transforms ${chain.join(', ')}: only the enveloped-signature transform then one canonicalization are accepted`);
  }
}

/**
 * Checks the digest and the SignatureValue with each configured key in turn (KeyInfo is never used as a key) and
 * returns the canonical bytes of the referenced element: the only thing a caller should read. The check runs on
 * the tree `signature` belongs to, which the caller parsed from `xml` with the safe parser: the document is not
 * parsed again and no XPath scans it (./xml/xmldsig-core.ts; canonicalization is xml-crypto's). SAML identifies
 * elements by `ID` only (saml-core §1.3.4): Id/id never make an element referenceable.
 */
export function verifyEnvelopedSignature(_xml: string, signature: Element, publicCerts: readonly string[]): string {
  const problems: string[] = [];
  const keys: KeyObject[] = [];
  for (const [i, pem] of publicCerts.entries()) {
    try {
      keys.push(verificationKey(pem));
    } catch (err) {
      problems.push(`certificate ${i + 1}: ${(err as Error).message}`);
    }
  }
  try {
    if (keys.length > 0) return verifyEnvelopedInTree(signature, keys);
  } catch (err) {
    if (!(err instanceof CoreValidationError)) throw err;
    problems.push(err.message);
  }
  throw new XmlSignatureError(
    'signature_invalid',
    'The signature does not verify with any configured certificate',
    problems.join('; ').slice(0, 500) || 'no certificate configured',
  );
}
