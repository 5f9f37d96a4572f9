// The SP's side of Response verification: its SSO settings become the trust and expectations of the protocol
// verifier (@samlbridge/protocol verifyResponse), and the verifier's rejections become this site's reasons.
import {
  type AssertionDecryption,
  type InResponseToPolicy,
  type ResponseCheck,
  type VerifiedResponse,
  type VerifyResponseOptions,
  verifyResponse,
  verifyResponseStateless,
} from '@samlbridge/protocol';
import type { SsoSettings } from '../sso/settings.js';
import { fromRejection } from './reasons.js';

export type { VerifiedResponse };

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
  /** Our encryption key and the tenant's encryption policy; without it an EncryptedAssertion is refused. */
  decryption?: AssertionDecryption;
}

/** The tenant's encryption settings with our key: AES-GCM always, AES-CBC only when allowed. */
export function decryptionOf(settings: SsoSettings, key: { privateKeyPem: string }): AssertionDecryption {
  return {
    privateKeysPem: [key.privateKeyPem],
    allowCbc: settings.allowCbcEncryption,
    requireEncryptedAssertion: settings.requireEncryptedAssertions,
  };
}

/** The SP's settings in the protocol verifier's terms. */
export function verifyOptions(context: VerifyContext): VerifyResponseOptions {
  return {
    trust: {
      fingerprints: context.certificateFingerprints,
      certificates: context.certificatePem ? [context.certificatePem] : [],
    },
    expected: { issuer: context.idpEntityId, audience: context.spEntityId, destination: context.acsUrl },
    requireSignedAssertion: context.requireSignedAssertion,
    allowSha1: context.allowSha1,
    now: context.now,
    skewSeconds: context.clockSkewSeconds,
    ...(context.maxBytes !== undefined ? { maxBytes: context.maxBytes } : {}),
    ...(context.acceptRawXml !== undefined ? { acceptRawXml: context.acceptRawXml } : {}),
    ...(context.decryption ? { decryption: context.decryption } : {}),
  };
}

/**
 * Every verification step that needs no storage (InResponseTo and replay are the ACS's, with its stores).
 * Throws a SamlError whose code is a reason code and whose message is the sentence for the person.
 */
export function verifySamlResponse(samlResponse: string, context: VerifyContext): VerifiedResponse {
  try {
    return verifyResponseStateless(samlResponse, verifyOptions(context));
  } catch (err) {
    throw fromRejection(err);
  }
}

/** The memory the ACS checks against (saml-profiles §4.1.4.3, §4.1.4.5): the SP's stores, or the offline verifier's stand-ins. */
export interface AcceptMemory {
  inResponseTo: InResponseToPolicy;
  replay: (assertionId: string, until: Date) => Promise<boolean>;
  /** Filled with every check applied, in order, with its result. */
  checks?: ResponseCheck[];
}

/**
 * The ACS's whole verification, used by the ACS and by the offline verifier (`npm run verify`): the SP's settings
 * as verifier options, then the protocol verifier with InResponseTo and replay. Throws the verifier's
 * ResponseRejectedError (the caller turns it into this site's words with fromRejection).
 */
export function acceptSamlResponse(samlResponse: string, context: VerifyContext, memory: AcceptMemory): Promise<VerifiedResponse> {
  return verifyResponse(samlResponse, {
    ...verifyOptions(context),
    inResponseTo: memory.inResponseTo,
    replay: memory.replay,
    ...(memory.checks ? { checks: memory.checks } : {}),
  });
}
