// Signatures on Single Logout messages (saml-profiles §4.4.3.1 / §4.4.4.1: the message MUST be signed or otherwise
// authenticated): HTTP-Redirect's detached signature over the raw query (saml-bindings §3.4.4.1, the same verifier
// the AuthnRequest uses) or HTTP-POST's single enveloped signature of the root (saml-bindings §3.5.4, saml-core §5.4).
import { verifyRedirectQuerySignature } from '../authn-request.js';
import { verifyPostMessageSignature } from '../message-signature.js';
import type { SignatureAlgorithm } from '../types.js';

export type LogoutBinding = 'redirect' | 'post';

export interface VerifyLogoutSignatureInput {
  binding: LogoutBinding;
  /** The decoded message XML. */
  xml: string;
  /** Redirect binding: the raw query string as received (after `?`). */
  rawQuery?: string;
  certificates: readonly string[];
  allowSha1: boolean;
  maxBytes?: number;
}

/** Unsigned: `signed:false` (the caller decides). Signed: verified, with the bytes to read the message from. */
export type LogoutSignatureResult = { signed: false } | { signed: true; signedXml: string; algorithm?: SignatureAlgorithm };

/** Throws XmlSignatureError (POST) or SamlError `signature_*` / `malformed_query` (Redirect) when a signature is bad. */
export function verifyLogoutSignature({
  binding,
  xml,
  rawQuery,
  certificates,
  allowSha1,
  maxBytes = 64 * 1024,
}: VerifyLogoutSignatureInput): LogoutSignatureResult {
  if (binding === 'redirect') {
    // saml-bindings §3.4.4.1: an enveloped signature is not used with this binding; the query carries it.
    const result = verifyRedirectQuerySignature(rawQuery ?? '', [...certificates], { allowSha1 });
    return result.signed ? { signed: true, signedXml: xml, algorithm: result.algorithm } : { signed: false };
  }
  return verifyPostMessageSignature(xml, certificates, { allowSha1, maxBytes });
}
