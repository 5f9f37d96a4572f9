// saml-core §2.3.4 EncryptedAssertion: the IdP's signed Assertion, encrypted for the service provider (xml/encryption.ts).
import { NS } from './namespaces.js';
import type { AssertionEncryption } from './types.js';
import { encryptElement } from './xml/encryption.js';

/** `<saml:EncryptedAssertion>` around the EncryptedData of `assertionXml`, in exclusive-canonical form. */
export function encryptedAssertion(assertionXml: string, encryption: AssertionEncryption): string {
  return `<saml:EncryptedAssertion xmlns:saml="${NS.assertion}">${encryptElement(assertionXml, encryption)}</saml:EncryptedAssertion>`;
}
