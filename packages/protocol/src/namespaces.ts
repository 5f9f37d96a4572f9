// URIs used on the wire. saml-core §1.2 (namespaces), §8.3 (NameID formats), §8.2.3 (attrname formats).
import type { StatusCodeName } from './types.js';

export const NS = {
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

export const ALGORITHMS = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
} as const;

/** saml-core §8.3 */
export const NAMEID_FORMAT = {
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
} as const;

/** saml-bindings §3.4 / §3.5 */
export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  /** saml-bindings §3.2: SAML SOAP binding (back-channel, e.g. Single Logout). */
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
} as const;

/** saml-core §8.2.2 */
export const ATTRNAME_FORMAT_BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

/** saml-core §8.2: Attribute NameFormat identifiers (unspecified §8.2.1, uri §8.2.2, basic §8.2.3). */
export const ATTRNAME_FORMAT = {
  basic: ATTRNAME_FORMAT_BASIC,
  uri: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  unspecified: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
} as const;
/** saml-authn-context §3.4.7 */
export const AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
/** saml-profiles §3.3 */
export const SUBJECT_CONFIRMATION_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

const STATUS_PREFIX = 'urn:oasis:names:tc:SAML:2.0:status:';

/** saml-core §3.2.2.2: `Success` → `urn:oasis:names:tc:SAML:2.0:status:Success`. */
export function statusCodeUrn(code: StatusCodeName): string {
  return STATUS_PREFIX + code;
}
