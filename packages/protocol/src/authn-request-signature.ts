// An enveloped signature on an AuthnRequest sent with the HTTP-POST binding (saml-bindings §3.5.4, saml-core §5.4).
// Only the single signature of the request root counts; the caller re-reads the request from the signed bytes.
import { type PostSignatureResult, verifyPostMessageSignature } from './message-signature.js';

export type { PostSignatureResult } from './message-signature.js';

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
  return verifyPostMessageSignature(xml, certificates, { allowSha1, maxBytes });
}
