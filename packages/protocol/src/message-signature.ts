// The enveloped signature of a SAML protocol message (saml-core §5.4.1-§5.4.2): the AuthnRequest over HTTP-POST
// (saml-bindings §3.5.4) and the Single Logout messages over HTTP-POST and SOAP (saml-bindings §3.2.3.4) accept only
// the single ds:Signature of the document, a child of the message whose one Reference points at the message's ID.
import type { Document, Element } from '@xmldom/xmldom';
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

/** The message's own enveloped signature; undefined when the document has none; any other (wrapped, several, elsewhere) is refused. */
export function theMessageSignature(doc: Document, message: Element): Element | undefined {
  const all = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  if (all.length === 0) return undefined;
  const own = childElementsNS(message, NS.ds, 'Signature');
  if (all.length !== 1 || own.length !== 1 || !isEnvelopedReference(own[0] as Element, message)) {
    throw new XmlSignatureError(
      'unexpected_signature',
      `The ${message.localName} carries a signature that is not its single enveloped signature.`,
    );
  }
  return own[0] as Element;
}

/**
 * xmldsig §4 shape, the algorithm allow-list (SHA-1 only when allowed), then core validation with the given PEM
 * certificates only; returns the canonical signed bytes, the only bytes to read the message from.
 */
export function verifyMessageSignature(
  xml: string,
  signature: Element,
  certificates: readonly string[],
  { allowSha1 }: { allowSha1: boolean },
): string {
  checkSignatureShape(signature);
  checkSignatureAlgorithms(signature, { allowSha1 });
  return verifyEnvelopedSignature(xml, signature, certificates);
}

/**
 * The HTTP-POST binding: unsigned is `{ signed: false }` (the caller decides whether that is allowed); signed is
 * verified (verifyMessageSignature) and comes back with its signed bytes. Failures are XmlSignatureErrors.
 */
export function verifyPostMessageSignature(
  xml: string,
  certificates: readonly string[],
  { allowSha1, maxBytes }: { allowSha1: boolean; maxBytes: number },
): PostSignatureResult {
  const doc = parseXml(xml, { maxBytes });
  const signature = theMessageSignature(doc, doc.documentElement as Element);
  if (!signature) return { signed: false };
  return { signed: true, signedXml: verifyMessageSignature(xml, signature, certificates, { allowSha1 }) };
}
