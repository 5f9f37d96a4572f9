// An enveloped signature on an AuthnRequest sent with the HTTP-POST binding (saml-bindings §3.5.4, saml-core §5.4).
// Only the single signature of the request root counts; the caller re-reads the request from the signed bytes.
import type { Element } from '@xmldom/xmldom';
import { NS } from './namespaces.js';
import { childElementsNS, parseXml } from './xml/safe-parse.js';
import {
  checkSignatureAlgorithms,
  checkSignatureShape,
  isEnvelopedReference,
  verifyEnvelopedSignature,
  XmlSignatureError,
} from './xml-signature.js';

export type PostSignatureResult = { signed: false } | { signed: true; signedXml: string };

/** The one enveloped signature of the AuthnRequest root: anything else (wrapped, several, elsewhere) is refused. */
function theSignature(xml: string, maxBytes: number): Element | undefined {
  const doc = parseXml(xml, { maxBytes });
  const root = doc.documentElement as Element;
  const all = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  if (all.length === 0) return undefined;
  const own = childElementsNS(root, NS.ds, 'Signature');
  if (all.length !== 1 || own.length !== 1) {
    throw new XmlSignatureError(
      'unexpected_signature',
      'The AuthnRequest carries a signature that is not the single enveloped signature of the request.',
    );
  }
  const signature = own[0] as Element;
  if (!isEnvelopedReference(signature, root)) {
    throw new XmlSignatureError('unexpected_signature', 'The AuthnRequest signature does not reference the AuthnRequest itself.');
  }
  return signature;
}

/**
 * Unsigned: `{ signed: false }` (the caller decides whether that is allowed). Signed: xmldsig §4 shape, the
 * algorithm allow-list (SHA-1 only when allowed), then core validation with the given PEM certificates only; returns
 * the canonical signed bytes, the only bytes to read the request from. Failures are XmlSignatureErrors.
 */
export function verifyAuthnRequestPostSignature(
  xml: string,
  certificates: readonly string[],
  { allowSha1, maxBytes = 64 * 1024 }: { allowSha1: boolean; maxBytes?: number },
): PostSignatureResult {
  const signature = theSignature(xml, maxBytes);
  if (!signature) return { signed: false };
  checkSignatureShape(signature);
  checkSignatureAlgorithms(signature, { allowSha1 });
  return { signed: true, signedXml: verifyEnvelopedSignature(xml, signature, certificates) };
}
