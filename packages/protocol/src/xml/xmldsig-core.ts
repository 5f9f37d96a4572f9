// xmldsig-core §3.2 core validation of ONE enveloped signature, on the tree the caller already parsed with the
// safe parser: no second parse of the document, no XPath scan. The canonicalization itself is xml-crypto's
// (its C14N / exclusive C14N classes); this module does what xml-crypto's checkSignature does around them:
//   1. SignedInfo canonicalized (its CanonicalizationMethod), then re-parsed: the Reference is read from those
//      bytes only, the bytes the SignatureValue covers;
//   2. the Reference URI is `#ID` of the signature's parent, and no other element in the document carries that ID
//      (a second element with the same ID is the XSW trick of "verify one, read the other");
//   3. the parent, deep-cloned, minus the signature (enveloped-signature transform) and minus comments (a
//      same-document reference excludes them, xmldsig-core §4.4.3.3), canonicalized; its digest must match;
//   4. the SignatureValue verified over the canonical SignedInfo with an RSA key the caller trusts.
// Returns the canonical bytes of the parent: the only bytes a caller may read from afterwards.
// Callers run checkSignatureShape and checkSignatureAlgorithms (../xml-signature.ts) first.

import { createHash, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import type { Element, Node } from '@xmldom/xmldom';
import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
} from 'xml-crypto';
import { findAncestorNsForElement } from 'xml-crypto/lib/utils.js';
import { ALGORITHMS, NS } from '../namespaces.js';
import { attr, childElementsNS, firstChildNS, parseXml, textContent } from './safe-parse.js';

const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';

const CANONICALIZERS: Record<string, () => { process(node: unknown, options: object): string }> = {
  [ALGORITHMS.excC14n]: () => new ExclusiveCanonicalization(),
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': () => new ExclusiveCanonicalizationWithComments(),
  [INCLUSIVE_C14N]: () => new C14nCanonicalization(),
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': () => new C14nCanonicalizationWithComments(),
};

const DIGESTS: Record<string, string> = {
  [ALGORITHMS.sha1]: 'sha1',
  [ALGORITHMS.sha256]: 'sha256',
  [ALGORITHMS.sha512]: 'sha512',
};

const SIGNATURE_HASHES: Record<string, string> = {
  [ALGORITHMS.rsaSha1]: 'sha1',
  [ALGORITHMS.rsaSha256]: 'sha256',
  [ALGORITHMS.rsaSha512]: 'sha512',
};

/** The prefix xml-crypto assumes for an unbound `ds:` (SignedXml.defaultNsForPrefix). */
const DEFAULT_NS_FOR_PREFIX = { ds: NS.ds };

const ELEMENT_NODE = 1;
const COMMENT_NODE = 8;

/** Why the signature did not verify; the message is for the log, never for the person. */
export class CoreValidationError extends Error {}

function fail(message: string): never {
  throw new CoreValidationError(message);
}

function canonicalize(algorithm: string, node: Element, options: object): string {
  const make = CANONICALIZERS[algorithm];
  if (!make) fail(`canonicalization ${algorithm} is not supported`);
  return make().process(node, { defaultNsForPrefix: DEFAULT_NS_FOR_PREFIX, ...options });
}

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/**
 * The node-set a same-document Reference selects, after the enveloped-signature transform (xmldsig-core §4.4.3.3,
 * §6.6.4): `element` without `omit` and without comments, as the read-only view the canonicalizers walk. Each
 * element of the view inherits everything from the parsed element (name, namespace, attributes, text children)
 * and only lists other children: nothing is copied or detached, the parsed tree stays as it was.
 */
function nodeSetView(element: Element, omit: Node | undefined): Element {
  const view = Object.create(element) as Element & { childNodes: Node[] };
  const children: Node[] = [];
  for (let n = element.firstChild; n; n = n.nextSibling) {
    if (n === omit || n.nodeType === COMMENT_NODE) continue;
    children.push(n.nodeType === ELEMENT_NODE ? nodeSetView(n as Element, omit) : n);
  }
  Object.defineProperty(view, 'childNodes', { value: children });
  return view;
}

/**
 * exc-c14n renders an InclusiveNamespaces prefix bound on an ancestor by adding its declaration to the apex
 * element (setAttributeNS): on the view, that goes into the view's own attribute list, not the parsed element.
 */
function withOwnAttributes(view: Element): Element {
  const attributes: unknown[] = [];
  for (let i = 0; i < view.attributes.length; i++) attributes.push(view.attributes.item(i));
  const setAttributeNS = (namespaceURI: string, qualifiedName: string, value: string) => {
    if (namespaceURI !== XMLNS || !qualifiedName.startsWith('xmlns:'))
      fail(`unexpected attribute ${qualifiedName} added by canonicalization`);
    const localName = qualifiedName.slice('xmlns:'.length);
    const existing = attributes.findIndex((a) => (a as { name: string }).name === qualifiedName);
    const declaration = { name: qualifiedName, nodeName: qualifiedName, prefix: 'xmlns', localName, namespaceURI, value, nodeValue: value };
    if (existing >= 0) attributes[existing] = declaration;
    else attributes.push(declaration);
  };
  Object.defineProperty(view, 'attributes', { value: attributes });
  Object.defineProperty(view, 'setAttributeNS', { value: setAttributeNS });
  return view;
}

/** How many elements of the document carry `id` in an attribute named ID (any prefix, as xml-crypto counts). */
function elementsWithId(root: Node, id: string): number {
  let count = 0;
  const pending: Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      const attrs = (n as Element).attributes;
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs.item(i);
        if (a && (a.localName ?? a.name) === 'ID' && a.value === id) count++;
      }
      pending.push(n);
    }
  }
  return count;
}

interface SignedReference {
  uri: string;
  transforms: string[];
  inclusiveNamespaces: string[];
  digestAlgorithm: string;
  digestValue: string;
}

/** The one Reference, read from the re-parsed canonical SignedInfo (the bytes the SignatureValue covers). */
function readReference(canonicalSignedInfo: string): SignedReference {
  const signedInfo = parseXml(canonicalSignedInfo).documentElement as Element;
  const references = childElementsNS(signedInfo, NS.ds, 'Reference');
  if (references.length !== 1) fail(`${references.length} Reference elements in the signed SignedInfo`);
  const reference = references[0] as Element;
  const transformsEl = firstChildNS(reference, NS.ds, 'Transforms');
  const transformEls = transformsEl ? childElementsNS(transformsEl, NS.ds, 'Transform') : [];
  const last = transformEls[transformEls.length - 1];
  // exc-c14n's InclusiveNamespaces PrefixList (xml-exc-c14n §3), on the last Transform as xml-crypto reads it.
  const inclusiveNamespaces: string[] = [];
  for (let n = last?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE && (n as Element).localName === 'InclusiveNamespaces') {
      for (const p of (attr(n as Element, 'PrefixList') ?? '').split(' ')) if (p) inclusiveNamespaces.push(p);
    }
  }
  const digestMethod = firstChildNS(reference, NS.ds, 'DigestMethod');
  return {
    uri: attr(reference, 'URI') ?? '',
    transforms: transformEls.map((t) => attr(t, 'Algorithm') ?? ''),
    inclusiveNamespaces,
    digestAlgorithm: digestMethod ? (attr(digestMethod, 'Algorithm') ?? '') : '',
    digestValue: textContent(firstChildNS(reference, NS.ds, 'DigestValue')) ?? '',
  };
}

/**
 * xmldsig-core §4.4.3.2 processing model, restricted to what a SAML signature uses (saml-core §5.4.4): an
 * optional enveloped-signature transform first, then at most one canonicalization (inclusive C14N when none).
 */
function canonicalReference(target: Element, signature: Element, ref: SignedReference): string {
  let enveloped = false;
  const c14n: string[] = [];
  for (const t of ref.transforms) {
    if (t === ALGORITHMS.envelopedSignature && !enveloped && c14n.length === 0) enveloped = true;
    else if (CANONICALIZERS[t] && c14n.length === 0) c14n.push(t);
    else fail(`transform chain ${ref.transforms.join(', ')} is not supported`);
  }
  const ancestorNamespaces = findAncestorNsForElement(target as unknown as Parameters<typeof findAncestorNsForElement>[0]);
  const nodeSet = withOwnAttributes(nodeSetView(target, enveloped ? signature : undefined));
  return canonicalize(c14n[0] ?? INCLUSIVE_C14N, nodeSet, { inclusiveNamespacesPrefixList: ref.inclusiveNamespaces, ancestorNamespaces });
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies the enveloped signature `signature` (a child of the element it signs, with the shape and algorithms
 * already checked) with each of `keys` in turn. Returns the canonical bytes of the signed element; throws
 * CoreValidationError saying what did not match.
 */
export function verifyEnvelopedInTree(signature: Element, keys: readonly KeyObject[]): string {
  const target = signature.parentNode as Element | null;
  const signedInfo = firstChildNS(signature, NS.ds, 'SignedInfo');
  if (!target || target.nodeType !== ELEMENT_NODE || !signedInfo) fail('not an enveloped signature');
  const id = attr(target, 'ID');
  if (!id) fail('the signed element has no ID');

  const c14nMethod = firstChildNS(signedInfo, NS.ds, 'CanonicalizationMethod');
  const signatureMethod = firstChildNS(signedInfo, NS.ds, 'SignatureMethod');
  const hash = SIGNATURE_HASHES[(signatureMethod && attr(signatureMethod, 'Algorithm')) ?? ''];
  if (!hash) fail('signature algorithm is not supported');
  const ancestorNamespaces = findAncestorNsForElement(signedInfo as unknown as Parameters<typeof findAncestorNsForElement>[0]);
  const canonicalSignedInfo = canonicalize((c14nMethod && attr(c14nMethod, 'Algorithm')) ?? '', signedInfo.cloneNode(true) as Element, {
    ancestorNamespaces,
  });

  const ref = readReference(canonicalSignedInfo);
  // saml-core §5.4.2: the Reference names the signed element by its ID; xml-crypto's rule that the ID is unique.
  if (ref.uri !== `#${id}`) fail(`the signed Reference URI ${ref.uri} is not #${id}`);
  const document = target.ownerDocument ?? target;
  const sameId = elementsWithId(document, id);
  if (sameId !== 1) fail(`${sameId} elements carry the ID ${id}; a signed ID must be unique`);

  const digestAlgorithm = DIGESTS[ref.digestAlgorithm];
  if (!digestAlgorithm) fail(`digest ${ref.digestAlgorithm} is not supported`);
  const canonicalTarget = canonicalReference(target, signature, ref);
  const digest = createHash(digestAlgorithm).update(canonicalTarget, 'utf8').digest();
  if (!sameBytes(digest, Buffer.from(ref.digestValue, 'base64'))) {
    fail(`digest of ${ref.uri} is ${digest.toString('base64')}, the signature says ${ref.digestValue.trim()}`);
  }

  const signatureValue = Buffer.from(textContent(firstChildNS(signature, NS.ds, 'SignatureValue')) ?? '', 'base64');
  const signedBytes = Buffer.from(canonicalSignedInfo, 'utf8');
  const problems: string[] = [];
  for (const [i, key] of keys.entries()) {
    // An rsa-sha* SignatureMethod is PKCS#1 v1.5 RSA (xmldsig-core §6.4.2): another key type is not tried.
    if (key.asymmetricKeyType !== 'rsa') problems.push(`certificate ${i + 1}: ${key.asymmetricKeyType} key, not RSA`);
    else if (verify(hash, signedBytes, key, signatureValue)) return canonicalTarget;
    else problems.push(`certificate ${i + 1}: SignatureValue does not match`);
  }
  fail(problems.join('; ') || 'no certificate configured');
}
