// The ACS verifier: a chain of small named steps over one parsed document. Identity is read ONLY
// from the re-parsed bytes a trusted signature covers, so a wrapped or duplicated copy is never read.

import {
  attr,
  childElementsNS,
  decodePost,
  firstChildNS,
  NS,
  normalizeFingerprint,
  parseXml,
  pemToDer,
  SamlbridgeError,
  type SamlError,
  textContent,
} from '@samlbridge/protocol';
import type { Document, Element } from '@xmldom/xmldom';
import { checkAssertion, checkResponse, checkStatus } from './checks.js';
import { reject } from './reasons.js';
import type { SignatureCandidate, Trust } from './signature.js';
import { checkAlgorithms, checkShape, findSignatures, trustedKeys, verifySignature } from './signature.js';

const hasOwnSignature = (el: Element) => firstChildNS(el, NS.ds, 'Signature') !== undefined;

export interface VerifyContext {
  idpEntityId: string;
  /** Our entity ID (the Audience we expect). */
  spEntityId: string;
  /** Our ACS URL (Destination and Recipient). */
  acsUrl: string;
  /** Configured fingerprints (SHA-1 or SHA-256, any case, with or without colons). */
  certificateFingerprints: readonly string[];
  /** Configured PEM certificate(s), concatenated; '' when none. */
  certificatePem: string;
  requireSignedAssertion: boolean;
  allowSha1: boolean;
  now: Date;
  clockSkewSeconds: number;
  /** Largest decoded message. Default 256 KiB. */
  maxBytes?: number;
  /**
   * Also accept the XML itself instead of its base64 (tests and benchmarks that hand the verifier a document).
   * The HTTP ACS never sets it: saml-bindings §3.5.4 says the form field is base64.
   */
  acceptRawXml?: boolean;
}

export interface VerifiedResponse {
  responseId: string;
  assertionId: string;
  issuer: string;
  /** From the signed SubjectConfirmationData (or the Response when only that is present). */
  inResponseTo: string | undefined;
  nameId: string;
  nameIdFormat: string | undefined;
  sessionIndex: string | undefined;
  attributes: Record<string, string[]>;
  /** Until when the assertion could be replayed: the replay cache keeps its ID until then. */
  replayUntil: Date;
  /** Which signatures were verified (every one present is). */
  signed: { response: boolean; assertion: boolean };
}

/** A parsed Response and, once findTheAssertion ran, its one Assertion. */
export interface Parsed {
  xml: string;
  doc: Document;
  response: Element;
  assertion: Element | undefined;
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

function translate(err: unknown): SamlError {
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

/** Exactly one Assertion in the whole document, a direct child of the Response; no EncryptedAssertion. */
export function findTheAssertion(parsed: Parsed): Parsed {
  if (parsed.doc.getElementsByTagNameNS(NS.assertion, 'EncryptedAssertion').length > 0) throw reject('encrypted_assertion_unsupported');
  const all = parsed.doc.getElementsByTagNameNS(NS.assertion, 'Assertion');
  if (all.length > 1) throw reject('multiple_assertions');
  if (all.length === 0) {
    checkStatus(parsed.response); // a failure Response says why, even unsigned: we refuse either way
    throw reject('no_assertion');
  }
  const assertion = all.item(0) as Element;
  if (assertion.parentNode !== parsed.response) throw reject('malformed_response', 'Assertion is not a child of the Response');
  return { ...parsed, assertion };
}

export function buildTrust(context: Pick<VerifyContext, 'certificateFingerprints' | 'certificatePem'>): Trust {
  const fingerprints = context.certificateFingerprints.map((f) => normalizeFingerprint(f));
  const blocks = context.certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
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
  let root: Element | null;
  try {
    root = parseXml(bytes).documentElement;
  } catch (err) {
    throw translate(err);
  }
  const ns = candidate.target === 'response' ? NS.protocol : NS.assertion;
  const name = candidate.target === 'response' ? 'Response' : 'Assertion';
  if (!root || root.namespaceURI !== ns || root.localName !== name || attr(root, 'ID') !== candidate.targetId) {
    throw reject('signature_invalid', 'Signed bytes are not the referenced element');
  }
  return root;
}

/** One signature: shape, trusted key, algorithms, then xml-crypto over the raw XML; returns the signed element re-parsed. */
function verifyCandidate(xml: string, candidate: SignatureCandidate, trust: Trust, allowSha1: boolean): Element {
  checkShape(candidate.signature);
  const keys = trustedKeys(candidate.signature, trust);
  checkAlgorithms(candidate.signature, allowSha1);
  return reparseSigned(verifySignature(xml, candidate.signature, keys), candidate);
}

/** Runs every verification step without HTTP or storage. Throws a SamlError whose code is a reason code. */
export function verifySamlResponse(samlResponse: string, context: VerifyContext): VerifiedResponse {
  const maxBytes = context.maxBytes ?? 256 * 1024;
  const xml = decodeMessage(samlResponse, maxBytes, { acceptRawXml: context.acceptRawXml === true });
  return verifyParsed(findTheAssertion(parseResponse(xml, maxBytes)), context);
}

/**
 * The steps after findTheAssertion: signatures, then identity from the signed bytes only, then the conditions.
 * Exported so a test can prove this layer alone stops wrapping attacks (the assertion-count check bypassed);
 * production always reaches it through verifySamlResponse.
 */
export function verifyParsed(parsed: Parsed, context: VerifyContext): VerifiedResponse {
  return verifySigned(parsed, selectSignatures(parsed, context.requireSignedAssertion), context);
}

/**
 * Verifies the given signatures and reads identity only from the bytes they cover (re-parsed), then checks
 * status, destination and conditions. Exported for the same defence-in-depth test, which also hands it
 * signatures findSignatures would have refused.
 */
export function verifySigned(parsed: Parsed, candidates: readonly SignatureCandidate[], context: VerifyContext): VerifiedResponse {
  const { xml } = parsed;
  const trust = buildTrust(context);
  let signedResponse: Element | undefined;
  let signedAssertion: Element | undefined;
  for (const candidate of candidates) {
    const root = verifyCandidate(xml, candidate, trust, context.allowSha1);
    if (candidate.target === 'response') signedResponse = root;
    else signedAssertion = root;
  }

  // Identity comes from the signed Assertion bytes, else from the assertion inside the signed Response bytes.
  const response = signedResponse ?? parsed.response;
  if (signedResponse) {
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

  checkStatus(response);
  checkResponse(response, context, { signed: signedResponse !== undefined });
  const checked = checkAssertion(signedAssertion, context);
  const responseInResponseTo = attr(response, 'InResponseTo');
  if (responseInResponseTo !== undefined && checked.inResponseTo !== undefined && responseInResponseTo !== checked.inResponseTo) {
    throw reject('unknown_in_response_to', 'Response and SubjectConfirmationData InResponseTo differ');
  }
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
  };
}
