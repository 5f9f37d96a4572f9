// XML Encryption of one element (xmlenc-core1 §3–§5, xmlenc-core1 1.1 §5.2.4 GCM, §5.5.2 RSA-OAEP), on Node's crypto:
// a fresh content key per message, the element's bytes encrypted with AES (GCM by default, CBC only where asked),
// the content key wrapped for the recipient with RSA-OAEP. Written in exclusive-canonical form (like the Response
// builder), so an EncryptedData can sit inside a signed Response and digest as written.
//
// Decryption reads an EncryptedData the caller already parsed with the safe parser (no second XML parser), allows
// only the algorithms it is told to, and fails with ONE kind of error for every cryptographic problem (wrong key,
// tampered ciphertext, bad padding, disallowed algorithm): callers must not tell those apart to the sender
// (padding-oracle class, xmlenc-core1 §6.2 / "Security Considerations" of xmlenc 1.1).
import {
  type CipherGCM,
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { NS } from '../namespaces.js';
import { attr, childElementsNS, firstChildNS, textContent } from './safe-parse.js';

/** xmlenc namespaces (xmlenc-core1 §1.3; xmlenc 1.1 §1.3). */
export const XMLENC_NS = {
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
  xenc11: 'http://www.w3.org/2009/xmlenc11#',
} as const;

export const ENCRYPTION_ALGORITHMS = {
  'aes256-gcm': 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'aes128-gcm': 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'aes256-cbc': 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'aes128-cbc': 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
} as const;

export const KEY_TRANSPORT_ALGORITHMS = {
  /** RSA-OAEP with SHA-1 and MGF1-SHA-1 (xmlenc-core1 §5.4.2): what every SAML SP understands. */
  'rsa-oaep-mgf1p': 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  /** xmlenc 1.1 §5.5.2 RSA-OAEP with SHA-256 as digest and MGF1-SHA-256 as mask generation. */
  'rsa-oaep-sha256': 'http://www.w3.org/2009/xmlenc11#rsa-oaep',
} as const;

export type BlockEncryption = keyof typeof ENCRYPTION_ALGORITHMS;
export type KeyTransport = keyof typeof KEY_TRANSPORT_ALGORITHMS;

const ELEMENT_TYPE = 'http://www.w3.org/2001/04/xmlenc#Element';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const MGF1_SHA1 = 'http://www.w3.org/2009/xmlenc11#mgf1sha1';
const MGF1_SHA256 = 'http://www.w3.org/2009/xmlenc11#mgf1sha256';

interface Cipher {
  node: 'aes-128-gcm' | 'aes-256-gcm' | 'aes-128-cbc' | 'aes-256-cbc';
  keyBytes: number;
  ivBytes: number;
  gcm: boolean;
}

const CIPHERS: Record<BlockEncryption, Cipher> = {
  // xmlenc 1.1 §5.2.4: 96-bit IV, 128-bit tag, CipherValue = IV ‖ ciphertext ‖ tag.
  'aes256-gcm': { node: 'aes-256-gcm', keyBytes: 32, ivBytes: 12, gcm: true },
  'aes128-gcm': { node: 'aes-128-gcm', keyBytes: 16, ivBytes: 12, gcm: true },
  // xmlenc-core1 §5.2.2: CipherValue = IV ‖ ciphertext, xmlenc padding (last octet = padding length).
  'aes256-cbc': { node: 'aes-256-cbc', keyBytes: 32, ivBytes: 16, gcm: false },
  'aes128-cbc': { node: 'aes-128-cbc', keyBytes: 16, ivBytes: 16, gcm: false },
};
const GCM_TAG_BYTES = 16;

const blockByUri = new Map<string, BlockEncryption>(
  Object.entries(ENCRYPTION_ALGORITHMS).map(([name, uri]) => [uri, name as BlockEncryption]),
);

export interface EncryptFor {
  /** The recipient's certificate (PEM): its RSA public key wraps the content key. */
  certificatePem: string;
  /** Default `aes256-gcm`. */
  blockEncryption?: BlockEncryption;
  /** Default `rsa-oaep-mgf1p`. */
  keyTransport?: KeyTransport;
}

/** Why an encrypted element was refused. `shape` and `too_large` are about its form; `failed` covers all cryptography. */
export type XmlEncryptionProblem = 'shape' | 'too_large' | 'failed';

export class XmlEncryptionError extends Error {
  constructor(
    readonly problem: XmlEncryptionProblem,
    /** For logs only: never shown to whoever sent the message. */
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'XmlEncryptionError';
  }
}

const failed = (detail: string) => new XmlEncryptionError('failed', detail);
const shape = (detail: string) => new XmlEncryptionError('shape', detail);

function oaepHash(transport: KeyTransport): 'sha1' | 'sha256' {
  return transport === 'rsa-oaep-sha256' ? 'sha256' : 'sha1';
}

/** The RSA public key of a certificate; anything else (EC, DSA) cannot receive an RSA-OAEP key transport. */
export function rsaKeyOfCertificate(certificatePem: string): KeyObject {
  const key = new X509Certificate(certificatePem).publicKey;
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError(`The certificate's key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`);
  return key;
}

/**
 * `<xenc:EncryptedData>` holding `plaintext` (the serialised element; Type Element, xmlenc-core1 §3.1) with the
 * wrapped content key in ds:KeyInfo/xenc:EncryptedKey (xmlenc-core1 §3.5.1). Exclusive-canonical form: each
 * element declares the namespace it is the first to use; attributes sorted; no whitespace.
 */
export function encryptElement(plaintext: string, recipient: EncryptFor): string {
  const block = recipient.blockEncryption ?? 'aes256-gcm';
  const transport = recipient.keyTransport ?? 'rsa-oaep-mgf1p';
  const cipher = CIPHERS[block];
  if (!cipher || !KEY_TRANSPORT_ALGORITHMS[transport]) throw new TypeError(`Unknown encryption ${block} / ${transport}`);
  const publicKey = rsaKeyOfCertificate(recipient.certificatePem);
  const key = randomBytes(cipher.keyBytes);
  const iv = randomBytes(cipher.ivBytes);
  const c = createCipheriv(cipher.node, key, iv);
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  const cipherValue = Buffer.concat(cipher.gcm ? [iv, body, (c as CipherGCM).getAuthTag()] : [iv, body]);
  const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(transport) }, key);
  const digest = transport === 'rsa-oaep-sha256' ? SHA256 : SHA1;
  const mgf =
    transport === 'rsa-oaep-sha256' ? `<xenc11:MGF xmlns:xenc11="${XMLENC_NS.xenc11}" Algorithm="${MGF1_SHA256}"></xenc11:MGF>` : '';
  return (
    `<xenc:EncryptedData xmlns:xenc="${XMLENC_NS.xenc}" Type="${ELEMENT_TYPE}">` +
    `<xenc:EncryptionMethod Algorithm="${ENCRYPTION_ALGORITHMS[block]}"></xenc:EncryptionMethod>` +
    `<ds:KeyInfo xmlns:ds="${NS.ds}"><xenc:EncryptedKey>` +
    `<xenc:EncryptionMethod Algorithm="${KEY_TRANSPORT_ALGORITHMS[transport]}"><ds:DigestMethod Algorithm="${digest}"></ds:DigestMethod>${mgf}</xenc:EncryptionMethod>` +
    `<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedKey></ds:KeyInfo>' +
    `<xenc:CipherData><xenc:CipherValue>${cipherValue.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    '</xenc:EncryptedData>'
  );
}

export interface DecryptionPolicy {
  /** Private keys (PEM) to try, in order (several during a rotation). */
  privateKeysPem: readonly string[];
  /** Block encryptions accepted; others fail like any other decryption failure. */
  allowedBlockEncryptions: readonly BlockEncryption[];
  /** Largest CipherValue accepted, in base64 characters. */
  maxCipherValueChars: number;
}

/** The parts of one EncryptedData, read and bounded before any cryptography. */
export interface EncryptedParts {
  dataAlgorithm: string;
  dataCipher: string;
  keyAlgorithm: string;
  keyDigest: string | undefined;
  keyMgf: string | undefined;
  keyCipher: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function cipherValueOf(owner: Element, what: string, maxChars: number): string {
  const data = childElementsNS(owner, XMLENC_NS.xenc, 'CipherData');
  if (data.length !== 1) throw shape(`${what}: ${data.length} CipherData elements instead of 1`);
  const cipherData = data[0] as Element;
  if (firstChildNS(cipherData, XMLENC_NS.xenc, 'CipherReference'))
    throw shape(`${what}: CipherReference (ciphertext outside the message) is not accepted`);
  const values = childElementsNS(cipherData, XMLENC_NS.xenc, 'CipherValue');
  if (values.length !== 1) throw shape(`${what}: ${values.length} CipherValue elements instead of 1`);
  const raw = textContent(values[0]) ?? '';
  if (raw.length > maxChars + maxChars / 32) throw new XmlEncryptionError('too_large', `${what}: CipherValue over ${maxChars} characters`);
  const compact = raw.replace(/[\s]+/g, '');
  if (compact.length > maxChars) throw new XmlEncryptionError('too_large', `${what}: CipherValue over ${maxChars} characters`);
  if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) throw shape(`${what}: CipherValue is not base64`);
  return compact;
}

function methodOf(owner: Element, what: string): Element {
  const methods = childElementsNS(owner, XMLENC_NS.xenc, 'EncryptionMethod');
  if (methods.length !== 1) throw shape(`${what}: ${methods.length} EncryptionMethod elements instead of 1`);
  return methods[0] as Element;
}

/**
 * Reads `encryptedData` and its one EncryptedKey: inside its ds:KeyInfo, or one of `detachedKeys` (saml-core §2.3.4
 * lets EncryptedKey sit beside EncryptedData in an EncryptedAssertion), pointed at by a same-document
 * ds:RetrievalMethod or not at all. More than one key, a RetrievalMethod to anywhere else, a CipherReference or a
 * CipherValue over the bound is refused before any cryptography.
 */
export function readEncryptedParts(encryptedData: Element, detachedKeys: readonly Element[], maxCipherValueChars: number): EncryptedParts {
  const type = attr(encryptedData, 'Type');
  if (type !== undefined && type !== ELEMENT_TYPE) throw shape(`EncryptedData Type ${type} is not ${ELEMENT_TYPE}`);
  const dataMethod = methodOf(encryptedData, 'EncryptedData');
  const keyInfos = childElementsNS(encryptedData, NS.ds, 'KeyInfo');
  if (keyInfos.length > 1) throw shape(`EncryptedData has ${keyInfos.length} KeyInfo elements`);
  const keyInfo = keyInfos[0];
  const inner = keyInfo ? childElementsNS(keyInfo, XMLENC_NS.xenc, 'EncryptedKey') : [];
  const retrievals = keyInfo ? childElementsNS(keyInfo, NS.ds, 'RetrievalMethod') : [];
  for (const r of retrievals) {
    const uri = attr(r, 'URI') ?? '';
    if (!uri.startsWith('#')) throw shape(`RetrievalMethod URI "${uri.slice(0, 80)}" points outside the message`);
  }
  const keys = [...inner, ...detachedKeys];
  if (keys.length !== 1) throw shape(`${keys.length} EncryptedKey elements instead of 1`);
  if (retrievals.length > 1) throw shape(`${retrievals.length} RetrievalMethod elements`);
  const retrieval = retrievals[0];
  const key = keys[0] as Element;
  if (retrieval && attr(key, 'Id') !== (attr(retrieval, 'URI') ?? '').slice(1)) {
    throw shape('RetrievalMethod does not point at the EncryptedKey of the message');
  }
  const keyMethod = methodOf(key, 'EncryptedKey');
  const mgf = firstChildNS(keyMethod, XMLENC_NS.xenc11, 'MGF');
  const digest = firstChildNS(keyMethod, NS.ds, 'DigestMethod');
  return {
    dataAlgorithm: attr(dataMethod, 'Algorithm') ?? '',
    dataCipher: cipherValueOf(encryptedData, 'EncryptedData', maxCipherValueChars),
    keyAlgorithm: attr(keyMethod, 'Algorithm') ?? '',
    keyDigest: digest ? attr(digest, 'Algorithm') : undefined,
    keyMgf: mgf ? attr(mgf, 'Algorithm') : undefined,
    keyCipher: cipherValueOf(key, 'EncryptedKey', 8192),
  };
}

/** The OAEP hash a key-transport method names; Node's OAEP uses one hash for both the digest and MGF1. */
function transportHash(parts: EncryptedParts): 'sha1' | 'sha256' {
  if (parts.keyAlgorithm === KEY_TRANSPORT_ALGORITHMS['rsa-oaep-mgf1p']) {
    if (parts.keyDigest !== undefined && parts.keyDigest !== SHA1) throw failed(`rsa-oaep-mgf1p with DigestMethod ${parts.keyDigest}`);
    return 'sha1';
  }
  if (parts.keyAlgorithm === KEY_TRANSPORT_ALGORITHMS['rsa-oaep-sha256']) {
    // xmlenc 1.1 §5.5.2: DigestMethod defaults to SHA-1, MGF to MGF1-SHA-1.
    const digest = parts.keyDigest ?? SHA1;
    const mgf = parts.keyMgf ?? MGF1_SHA1;
    if (digest === SHA256 && mgf === MGF1_SHA256) return 'sha256';
    if (digest === SHA1 && mgf === MGF1_SHA1) return 'sha1';
    throw failed(`rsa-oaep with DigestMethod ${digest} and MGF ${mgf} is not accepted`);
  }
  throw failed(`key transport ${parts.keyAlgorithm || '(none)'} is not accepted (only RSA-OAEP)`);
}

function unwrapKey(parts: EncryptedParts, privateKeys: readonly KeyObject[], hash: 'sha1' | 'sha256'): Buffer {
  const wrapped = Buffer.from(parts.keyCipher, 'base64');
  for (const key of privateKeys) {
    try {
      return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, wrapped);
    } catch {
      // Not this key (or not an OAEP block at all): try the next one, then fail without saying which.
    }
  }
  throw failed('the content key does not decrypt with any of our keys');
}

/** xmlenc-core1 §5.2: the last octet says how many padding octets to drop (1…block size); their values are arbitrary. */
function unpad(padded: Buffer): Buffer {
  const n = padded.length > 0 ? (padded[padded.length - 1] as number) : 0;
  if (padded.length === 0 || n < 1 || n > 16 || n > padded.length) throw failed('bad padding');
  return padded.subarray(0, padded.length - n);
}

/** The plaintext of an EncryptedData read by readEncryptedParts, or XmlEncryptionError('failed') for every failure. */
export function decryptParts(parts: EncryptedParts, policy: Pick<DecryptionPolicy, 'privateKeysPem' | 'allowedBlockEncryptions'>): string {
  const block = blockByUri.get(parts.dataAlgorithm);
  if (!block || !policy.allowedBlockEncryptions.includes(block))
    throw failed(`block encryption ${parts.dataAlgorithm || '(none)'} is not accepted`);
  const cipher = CIPHERS[block];
  const hash = transportHash(parts);
  const keys = policy.privateKeysPem.map((pem) => createPrivateKey(pem));
  const key = unwrapKey(parts, keys, hash);
  if (key.length !== cipher.keyBytes) throw failed(`content key of ${key.length} bytes for ${block}`);
  const data = Buffer.from(parts.dataCipher, 'base64');
  const tagBytes = cipher.gcm ? GCM_TAG_BYTES : 0;
  if (data.length < cipher.ivBytes + tagBytes + (cipher.gcm ? 0 : 16)) throw failed('ciphertext too short');
  const iv = data.subarray(0, cipher.ivBytes);
  try {
    if (cipher.gcm) {
      const d = createDecipheriv(cipher.node as 'aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
      d.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
      return Buffer.concat([d.update(data.subarray(cipher.ivBytes, data.length - GCM_TAG_BYTES)), d.final()]).toString('utf8');
    }
    const body = data.subarray(cipher.ivBytes);
    if (body.length % 16 !== 0) throw failed('ciphertext is not whole blocks');
    const d = createDecipheriv(cipher.node, key, iv);
    d.setAutoPadding(false);
    return unpad(Buffer.concat([d.update(body), d.final()])).toString('utf8');
  } catch (err) {
    if (err instanceof XmlEncryptionError) throw err;
    throw failed(`${block}: ${(err as Error).message}`);
  }
}
