// What a service provider hands the Response verifier, and what it gets back. Plain data only: no DOM.
import type { ResponseCheck } from './check-log.js';

/** Whom the service provider trusts to sign (ARCHITECTURE.md §4). At least one fingerprint or certificate. */
export interface ResponseTrust {
  /** SHA-1 or SHA-256 fingerprints of the IdP signing certificate: any case, with or without colons. */
  fingerprints?: readonly string[];
  /** PEM certificates; one string may hold several `BEGIN CERTIFICATE` blocks. */
  certificates?: readonly string[];
}

/** What a Response must say to be for us. */
export interface ExpectedResponse {
  /** The IdP's entity ID: the Issuer of the Response (when present) and of the Assertion (saml-core §3.2.2, §2.3.3). */
  issuer: string;
  /** Our entity ID: every AudienceRestriction must name it (saml-core §2.5.1.4). */
  audience: string;
  /** Our ACS URL: the Response's Destination (saml-bindings §3.5.5.2) and the bearer Recipient (saml-profiles §4.1.4.2). */
  destination: string;
}

/** How the service provider decrypts an EncryptedAssertion (saml-core §2.3.4, xmlenc-core1). */
export interface AssertionDecryption {
  /** Our private key(s), PEM; several during a rotation (each is tried). */
  privateKeysPem: readonly string[];
  /** Also accept AES-CBC (aes128-cbc, aes256-cbc), for old IdPs. Default false: AES-GCM only. */
  allowCbc?: boolean;
  /** Refuse a Response whose assertion travels in the clear. Default false. */
  requireEncryptedAssertion?: boolean;
}

export interface VerifyResponseOptions {
  trust: ResponseTrust;
  expected: ExpectedResponse;
  /** Refuse a Response whose Assertion carries no signature of its own. Default false. */
  requireSignedAssertion?: boolean;
  /** Accept RSA-SHA1 / SHA-1 digests. Default false. */
  allowSha1?: boolean;
  /** Decrypt an EncryptedAssertion with these keys; without it an EncryptedAssertion is refused. */
  decryption?: AssertionDecryption;
  now: Date;
  /** Allowed clock difference with the IdP, applied to both ends of every time window. */
  skewSeconds: number;
  /** Largest decoded message. Default 256 KiB. */
  maxBytes?: number;
  /**
   * Also accept the XML itself instead of its base64 (tests and benchmarks that hand the verifier a document).
   * An HTTP ACS never sets it: saml-bindings §3.5.4 says the form field is base64.
   */
  acceptRawXml?: boolean;
  /**
   * When given, the verifier appends every check it applies, in order, with its result (./check-log.ts); on a
   * refusal the last entry is the failed check. The ACS keeps it in its sign-in trace; the offline verifier prints it.
   */
  checks?: ResponseCheck[];
}

/** saml-profiles §4.1.4.3: how the service provider answers "which request is this the answer to?". */
export interface InResponseToPolicy {
  /** Accept a Response that answers no request (IdP-initiated). */
  allowUnsolicited: boolean;
  /** Marks our AuthnRequest ID as answered; false when it is unknown, expired or already answered. */
  consume: (requestId: string) => Promise<boolean>;
}

export interface AcceptResponseOptions extends VerifyResponseOptions {
  inResponseTo: InResponseToPolicy;
  /**
   * saml-profiles §4.1.4.5: remembers the assertion ID until `until` (the last moment the assertion could pass the
   * time checks, skew included); false when it was already remembered.
   */
  replay: (assertionId: string, until: Date) => Promise<boolean>;
}

/** The identity and facts read from the signed bytes only. */
export interface VerifiedResponse {
  responseId: string;
  assertionId: string;
  issuer: string;
  /** From the signed SubjectConfirmationData (or the signed Response when only that carries it). */
  inResponseTo: string | undefined;
  nameId: string;
  nameIdFormat: string | undefined;
  sessionIndex: string | undefined;
  /** Every Attribute's values, by Name (saml-core §2.7.3). */
  attributes: Record<string, string[]>;
  /** Until when the assertion could be replayed: keep its ID in a replay cache until then. */
  replayUntil: Date;
  /** Which signatures were verified (every one present is). */
  signed: { response: boolean; assertion: boolean };
  /** The assertion arrived as an EncryptedAssertion and was decrypted. */
  encrypted: boolean;
}
