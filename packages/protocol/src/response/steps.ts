// The Response verifier's steps over one parsed document. Identity is read ONLY from the re-parsed bytes a
// trusted signature covers, so a wrapped or duplicated copy is never read. Internal: the package exports
// verifyResponse / verifyResponseStateless (./verify-response.ts), which take and return plain data.

import { SamlbridgeError } from '@samlbridge/errors';
import type { Document, Element } from '@xmldom/xmldom';
import { decodePost } from '../bindings.js';
import { normalizeFingerprint, pemToDer } from '../certificate.js';
import { NS } from '../namespaces.js';
import { attr, childElementsNS, firstChildNS, parseXml, textContent } from '../xml/safe-parse.js';
import { recordFailure, runCheck } from './check-log.js';
import { checkAssertion, checkDestination, checkIssuers, checkStatus } from './checks.js';
import { type Decrypted, decryptTheAssertion, encryptedContent } from './decrypt-assertion.js';
import { type ResponseRejectedError, reject } from './rejections.js';
import type { SignatureCandidate, Trust } from './signatures.js';
import { checkAlgorithms, checkShape, findSignatures, trustedKeys, verifySignature } from './signatures.js';
import type { AssertionDecryption, ResponseTrust, VerifiedResponse, VerifyResponseOptions } from './types.js';

const hasOwnSignature = (el: Element) => firstChildNS(el, NS.ds, 'Signature') !== undefined;

/** A parsed Response and, once findTheAssertion ran, its one Assertion. */
export interface Parsed {
  xml: string;
  doc: Document;
  response: Element;
  assertion: Element | undefined;
  /** Set when the assertion arrived encrypted: `assertion` is then the root of `decrypted.doc`. */
  decrypted?: Decrypted;
}

/** saml-bindings §3.5.4: base64 (line breaks allowed) of the XML; raw XML only when `acceptRawXml` (tests, benchmarks). */
export function decodeMessage(input: string, maxBytes: number, { acceptRawXml = false } = {}): string {
  if (typeof input !== 'string' || input.trim() === '') throw reject('malformed_response', 'Empty SAMLResponse');
  if (input.trimStart().startsWith('<')) {
    if (!acceptRawXml) {
      throw reject('malformed_response', 'SAMLResponse is raw XML; the HTTP-POST binding sends it base64-encoded (saml-bindings §3.5.4)');
    }
    if (Buffer.byteLength(input, 'utf8') > maxBytes) throw reject('message_too_large');
    return input;
  }
  try {
    return decodePost(input, { maxBytes });
  } catch (err) {
    throw translate(err);
  }
}

function translate(err: unknown): ResponseRejectedError {
  if (err instanceof SamlbridgeError) {
    if (err.code === 'message_too_large') return reject('message_too_large');
    if (err.code === 'dtd_forbidden') return reject('dtd_forbidden');
    if (err.code === 'processing_instruction_forbidden') return reject('processing_instruction_forbidden');
    return reject('malformed_response', err.code);
  }
  return reject('malformed_response');
}

/** parseXml refuses DTDs, processing instructions and oversize input; the root must be a samlp:Response (saml-core §3.3.3). */
export function parseResponse(xml: string, maxBytes: number): Parsed {
  let doc: Document;
  try {
    doc = parseXml(xml, { maxBytes });
  } catch (err) {
    throw translate(err);
  }
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== NS.protocol || response.localName !== 'Response') {
    throw reject('malformed_response', 'Root is not samlp:Response');
  }
  if (attr(response, 'Version') !== '2.0') throw reject('malformed_response', 'Version is not 2.0');
  return { xml, doc, response, assertion: undefined };
}

/**
 * Exactly one Assertion in the whole document, a direct child of the Response; or exactly one EncryptedAssertion
 * there (and no Assertion in the clear), decrypted when `decryption` is given (./decrypt-assertion.ts).
 */
export function findTheAssertion(parsed: Parsed, decryption?: AssertionDecryption, maxBytes = 256 * 1024): Parsed {
  if (parsed.doc.getElementsByTagNameNS(NS.assertion, 'EncryptedAssertion').length > 0) {
    const decrypted = decryptTheAssertion(parsed.doc, parsed.response, decryption, maxBytes);
    return { ...parsed, assertion: decrypted.doc.documentElement as Element, decrypted };
  }
  const all = parsed.doc.getElementsByTagNameNS(NS.assertion, 'Assertion');
  if (all.length > 1) throw reject('multiple_assertions');
  if (all.length === 0) {
    checkStatus(parsed.response); // a failure Response says why, even unsigned: we refuse either way
    throw reject('no_assertion');
  }
  const assertion = all.item(0) as Element;
  if (assertion.parentNode !== parsed.response) throw reject('malformed_response', 'Assertion is not a child of the Response');
  if (decryption?.requireEncryptedAssertion) throw reject('assertion_not_encrypted');
  return { ...parsed, assertion };
}

const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export function buildTrust(trust: ResponseTrust): Trust {
  const fingerprints = (trust.fingerprints ?? []).map((f) => normalizeFingerprint(f));
  const blocks = (trust.certificates ?? []).flatMap((pem) => pem.match(PEM_BLOCKS) ?? []);
  return { fingerprints, certificates: blocks.map((b) => pemToDer(b)) };
}

/**
 * A signed Response or a signed Assertion; the Assertion's own signature when `requireSignedAssertion`.
 * Every signature present is verified (both when both are there: a broken Response signature next to a
 * valid Assertion signature is a refusal, never "one of them was fine"). Stray signatures are refused by
 * findSignatures.
 */
export function selectSignatures(parsed: Parsed, requireSignedAssertion: boolean): SignatureCandidate[] {
  const candidates = findSignatures(parsed.doc, parsed.response, parsed.assertion);
  const assertionSignature = candidates.find((c) => c.target === 'assertion');
  if (requireSignedAssertion && !assertionSignature) throw reject('assertion_signature_required');
  if (candidates.length === 0) throw reject('signature_missing');
  // The Response's first: its failure says more ("the message was changed") than the Assertion's.
  return candidates.sort((x) => (x.target === 'response' ? -1 : 1));
}

/** Re-parses the signed canonical bytes and checks they are the element the signature claims to cover. */
function reparseSigned(bytes: string, candidate: SignatureCandidate): Element {
  const root = parseXml(bytes).documentElement;
  const ns = candidate.target === 'response' ? NS.protocol : NS.assertion;
  const name = candidate.target === 'response' ? 'Response' : 'Assertion';
  if (!root || root.namespaceURI !== ns || root.localName !== name || attr(root, 'ID') !== candidate.targetId) {
    throw reject('signature_invalid', 'Signed bytes are not the referenced element');
  }
  return root;
}

/** One signature: shape, trusted key, algorithms, then core validation on the parsed tree; returns the signed element re-parsed. */
function verifyCandidate(xml: string, candidate: SignatureCandidate, trust: Trust, allowSha1: boolean): Element {
  checkShape(candidate.signature);
  const keys = trustedKeys(candidate.signature, trust);
  checkAlgorithms(candidate.signature, allowSha1);
  return reparseSigned(verifySignature(xml, candidate.signature, keys), candidate);
}

/**
 * The steps after findTheAssertion: signatures, then identity from the signed bytes only, then the conditions.
 * Exported so a test can prove this layer alone stops wrapping attacks (the assertion-count check bypassed);
 * production always reaches it through verifyResponse / verifyResponseStateless.
 */
export function verifyParsed(parsed: Parsed, options: VerifyResponseOptions): VerifiedResponse {
  let candidates: SignatureCandidate[];
  try {
    candidates = selectSignatures(parsed, options.requireSignedAssertion === true);
  } catch (err) {
    recordFailure(options.checks, 'signature', err);
    throw err;
  }
  return verifySigned(parsed, candidates, options);
}

/**
 * Verifies the given signatures and reads identity only from the bytes they cover (re-parsed), then checks
 * status, destination and conditions. Exported for the same defence-in-depth test, which also hands it
 * signatures findSignatures would have refused.
 */
export function verifySigned(parsed: Parsed, candidates: readonly SignatureCandidate[], options: VerifyResponseOptions): VerifiedResponse {
  const { response, signedResponse, signedAssertion } = runCheck(options.checks, 'signature', () =>
    verifySignatures(parsed, candidates, options),
  );
  runCheck(options.checks, 'status', () => checkStatus(response));
  runCheck(options.checks, 'issuer', () => checkIssuers(response, signedAssertion, options));
  runCheck(options.checks, 'destination', () => checkDestination(response, options, { signed: signedResponse !== undefined }));
  const responseInResponseTo = attr(response, 'InResponseTo');
  const checked = checkAssertion(signedAssertion, options, responseInResponseTo);
  return {
    responseId: attr(response, 'ID') ?? '',
    assertionId: attr(signedAssertion, 'ID') ?? '',
    issuer: textContent(firstChildNS(signedAssertion, NS.assertion, 'Issuer'))?.trim() ?? '',
    // Only from signed bytes: an unsigned Response attribute cannot turn an unsolicited assertion into a solicited one.
    inResponseTo: checked.inResponseTo ?? (signedResponse ? responseInResponseTo : undefined),
    nameId: checked.nameId,
    nameIdFormat: checked.nameIdFormat,
    sessionIndex: checked.sessionIndex,
    attributes: checked.attributes,
    replayUntil: checked.replayUntil,
    signed: { response: signedResponse !== undefined, assertion: parsed.assertion !== undefined && hasOwnSignature(parsed.assertion) },
    encrypted: parsed.decrypted !== undefined,
  };
}

/** The signatures, and which elements their bytes vouch for: the Response to read, and the signed Assertion. */
function verifySignatures(
  parsed: Parsed,
  candidates: readonly SignatureCandidate[],
  options: VerifyResponseOptions,
): { response: Element; signedResponse: Element | undefined; signedAssertion: Element } {
  const { xml } = parsed;
  const trust = buildTrust(options.trust);
  let signedResponse: Element | undefined;
  let signedAssertion: Element | undefined;
  for (const candidate of candidates) {
    // An encrypted assertion's own signature covers the decrypted bytes (saml-core §6.2: signed, then encrypted).
    const signedXml = candidate.target === 'assertion' && parsed.decrypted ? parsed.decrypted.xml : xml;
    const root = verifyCandidate(signedXml, candidate, trust, options.allowSha1 === true);
    if (candidate.target === 'response') signedResponse = root;
    else signedAssertion = root;
  }

  // Identity comes from the signed Assertion bytes, else from the assertion inside the signed Response bytes.
  const response = signedResponse ?? parsed.response;
  if (signedResponse && parsed.decrypted) {
    // The signed Response holds the ciphertext: it vouches for the decrypted assertion only when it is the very
    // EncryptedAssertion we decrypted (same algorithms, same ciphertexts).
    const inside = childElementsNS(signedResponse, NS.assertion, 'EncryptedAssertion');
    if (inside.length !== 1 || encryptedContent(inside[0] as Element) !== encryptedContent(parsed.decrypted.source)) {
      throw reject('signature_invalid', 'The signed Response holds another EncryptedAssertion than the one decrypted');
    }
    signedAssertion ??= parsed.assertion;
  } else if (signedResponse) {
    const inside = childElementsNS(signedResponse, NS.assertion, 'Assertion');
    if (inside.length !== 1) throw reject(inside.length === 0 ? 'no_assertion' : 'multiple_assertions');
    if (signedAssertion && attr(inside[0] as Element, 'ID') !== attr(signedAssertion, 'ID')) {
      throw reject('signature_invalid', 'The signed Response holds another assertion than the signed Assertion');
    }
    signedAssertion ??= inside[0];
  }
  if (!signedAssertion || attr(signedAssertion, 'ID') !== attr(parsed.assertion as Element, 'ID')) {
    throw reject('signature_invalid', 'Signed assertion is not the document assertion');
  }

  return { response, signedResponse, signedAssertion };
}
