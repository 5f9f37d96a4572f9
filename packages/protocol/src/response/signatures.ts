// Enveloped XML signatures on a SAML Response (saml-core §5.4): which ones count and which key. The xmldsig
// steps themselves (shape, algorithm allow-list, core validation returning the signed bytes) are shared with the
// IdP's AuthnRequest check in ../xml-signature.ts; here their failures become Response rejection reasons.
import { timingSafeEqual } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import type { NormalizedFingerprint } from '../certificate.js';
import { derToPem, fingerprintMatches, fingerprints } from '../certificate.js';
import { NS } from '../namespaces.js';
import { attr, childElementsNS, firstChildNS, textContent } from '../xml/safe-parse.js';
import {
  checkSignatureAlgorithms,
  checkSignatureShape,
  isEnvelopedReference,
  verifyEnvelopedSignature,
  XmlSignatureError,
} from '../xml-signature.js';
import { reject } from './rejections.js';

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
    const signature = sigs[0] as Element;
    if (!isEnvelopedReference(signature, parent)) {
      throw reject('unexpected_signature', `The ${target} signature does not reference the ${target} itself`);
    }
    out.push({ target, targetId: attr(parent, 'ID') as string, signature });
  }
  // A decrypted assertion is its own document (./decrypt-assertion.ts): its signatures count too.
  const docs = new Set([doc, assertion?.ownerDocument ?? doc]);
  let total = 0;
  for (const d of docs) total += d.getElementsByTagNameNS(NS.ds, 'Signature').length;
  if (total !== out.length)
    throw reject('unexpected_signature', `${total - out.length} ds:Signature element(s) outside the Response/Assertion`);
  return out;
}

/** The shared xmldsig steps, their failures as rejection reasons (same names: malformed_signature, …). */
function asReason<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof XmlSignatureError) throw reject(err.code, err.code === 'signature_invalid' ? undefined : err.message);
    throw err;
  }
}

/** xmldsig §4 structure (no Object, one SignedInfo/Reference, plain-text DigestValue/SignatureValue). */
export function checkShape(signature: Element): void {
  asReason(() => checkSignatureShape(signature));
}

/** xmldsig §6: only RSA with SHA-256/512 (SHA-1 when allowed); HMAC and anything unknown are refused. */
export function checkAlgorithms(signature: Element, allowSha1: boolean): void {
  asReason(() => checkSignatureAlgorithms(signature, { allowSha1 }));
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
    if (!trusted) {
      throw reject('untrusted_certificate', 'KeyInfo certificate matches no configured fingerprint or certificate', {
        expected: [
          ...trust.fingerprints.map((f) => `${f.algorithm} ${f.hex}`),
          ...trust.certificates.map((c) => `certificate sha256 ${fingerprints(c).sha256}`),
        ].join(', '),
        received: embedded.map((der) => `sha256 ${fingerprints(der).sha256}`).join(', '),
      });
    }
    return [derToPem(trusted)];
  }
  if (trust.certificates.length > 0) return trust.certificates.map((der) => derToPem(der));
  throw reject('untrusted_certificate', 'No certificate in KeyInfo and no configured PEM certificate');
}

/** Core validation with the trusted keys only; the canonical bytes of the signed element (identity is read from these). */
export function verifySignature(xml: string, signature: Element, keys: readonly string[]): string {
  return asReason(() => verifyEnvelopedSignature(xml, signature, keys));
}
