// The EncryptedAssertion step of Response verification (saml-core §2.3.4, §6.2): the one EncryptedAssertion is
// decrypted with our key and its plaintext parsed on its own; every later step (signatures, conditions) then runs
// on the decrypted Assertion, whose own signature covers the decrypted bytes. Every cryptographic failure is the
// one reason `decryption_failed` (what went wrong is in the detail, for the SP's audit log only): a sender must not
// learn whether a padding, a key or an algorithm was wrong (padding-oracle class).
import type { Document, Element } from '@xmldom/xmldom';
import { NS } from '../namespaces.js';
import { type BlockEncryption, decryptParts, readEncryptedParts, XMLENC_NS, XmlEncryptionError } from '../xml/encryption.js';
import { attr, childElementsNS, parseXml } from '../xml/safe-parse.js';
import { reject } from './rejections.js';
import type { AssertionDecryption } from './types.js';

/** The decrypted Assertion and where it came from. */
export interface Decrypted {
  /** The plaintext: the serialised Assertion, what its own signature covers. */
  xml: string;
  doc: Document;
  /** The EncryptedAssertion in the Response document. */
  source: Element;
}

/** A CipherValue larger than a Response may be is refused before base64 decoding (256 KiB of base64). */
export const MAX_CIPHER_VALUE_CHARS = 256 * 1024;

const GCM: readonly BlockEncryption[] = ['aes256-gcm', 'aes128-gcm'];
const CBC: readonly BlockEncryption[] = ['aes256-cbc', 'aes128-cbc'];

function asReason(err: unknown): never {
  if (!(err instanceof XmlEncryptionError)) throw err;
  if (err.problem === 'shape') throw reject('encrypted_assertion_malformed', err.detail);
  if (err.problem === 'too_large') throw reject('encrypted_assertion_too_large', err.detail);
  throw reject('decryption_failed', err.detail);
}

/** What a signature over the Response fixes of an EncryptedAssertion: its algorithms and ciphertexts, in order. */
export function encryptedContent(encryptedAssertion: Element): string {
  const out: string[] = [];
  const methods = encryptedAssertion.getElementsByTagNameNS(XMLENC_NS.xenc, 'EncryptionMethod');
  for (let i = 0; i < methods.length; i++) out.push(attr(methods.item(i) as Element, 'Algorithm') ?? '');
  const values = encryptedAssertion.getElementsByTagNameNS(XMLENC_NS.xenc, 'CipherValue');
  for (let i = 0; i < values.length; i++) out.push((values.item(i)?.textContent ?? '').replace(/\s+/g, ''));
  return out.join('\n');
}

/**
 * saml-core §2.3.4: EncryptedAssertion = one xenc:EncryptedData and optional xenc:EncryptedKey. Exactly one of
 * them, a child of the Response, and no Assertion in the clear anywhere beside it (a wrapped plaintext copy
 * would otherwise compete with the decrypted one).
 */
export function decryptTheAssertion(
  doc: Document,
  response: Element,
  decryption: AssertionDecryption | undefined,
  maxBytes: number,
): Decrypted {
  if (!decryption) throw reject('encrypted_assertion_unsupported');
  const encrypted = doc.getElementsByTagNameNS(NS.assertion, 'EncryptedAssertion');
  if (encrypted.length > 1) throw reject('multiple_assertions', `${encrypted.length} EncryptedAssertion elements`);
  if (doc.getElementsByTagNameNS(NS.assertion, 'Assertion').length > 0) {
    throw reject('multiple_assertions', 'An Assertion in the clear beside the EncryptedAssertion');
  }
  const source = encrypted.item(0) as Element;
  if (source.parentNode !== response) throw reject('malformed_response', 'EncryptedAssertion is not a child of the Response');
  for (let n = source.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    const known = el.namespaceURI === XMLENC_NS.xenc && (el.localName === 'EncryptedData' || el.localName === 'EncryptedKey');
    if (!known) throw reject('encrypted_assertion_malformed', `EncryptedAssertion holds ${el.localName}`);
  }
  const data = childElementsNS(source, XMLENC_NS.xenc, 'EncryptedData');
  if (data.length !== 1) throw reject('encrypted_assertion_malformed', `${data.length} EncryptedData elements instead of 1`);
  let plaintext: string;
  try {
    const parts = readEncryptedParts(data[0] as Element, childElementsNS(source, XMLENC_NS.xenc, 'EncryptedKey'), MAX_CIPHER_VALUE_CHARS);
    plaintext = decryptParts(parts, {
      privateKeysPem: decryption.privateKeysPem,
      allowedBlockEncryptions: decryption.allowCbc ? [...GCM, ...CBC] : GCM,
    });
  } catch (err) {
    asReason(err);
  }
  // What CBC decrypts from a changed ciphertext is garbage that may still unpad: refusing it with its own reason
  // would tell the sender the padding was right. Anything but one well-formed saml:Assertion is a decryption failure.
  let assertionDoc: Document;
  try {
    assertionDoc = parseXml(plaintext, { maxBytes });
  } catch (err) {
    throw reject('decryption_failed', `the plaintext is not an XML element (${(err as { code?: string }).code ?? 'unreadable'})`);
  }
  const root = assertionDoc.documentElement;
  if (!root || root.namespaceURI !== NS.assertion || root.localName !== 'Assertion') {
    throw reject('decryption_failed', 'the plaintext is not a saml:Assertion');
  }
  return { xml: plaintext, doc: assertionDoc, source };
}
