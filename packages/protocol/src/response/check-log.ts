// The checks the Response verifier applied, in order, each with its result: what an ACS records in its sign-in
// trace and what the offline verifier prints. The verifier appends to the list a caller hands it
// (`VerifyResponseOptions.checks`); a refusal is the last entry, with its reason and, where there is one to
// compare, the expected and received values.
import { ResponseRejectedError, type ResponseRejection } from './rejections.js';

/** The verifier's checks, in the order it applies them (saml-profiles §4.1.4). */
export const RESPONSE_CHECKS = {
  decode: 'The SAMLResponse is base64 of an XML document within the size limit (saml-bindings §3.5.4)',
  parse: 'The XML parses safely (no DTD, no processing instruction) and its root is a SAML 2.0 samlp:Response',
  assertion: 'Exactly one Assertion, a child of the Response (or one EncryptedAssertion, decrypted)',
  signature: 'Every signature verifies with a trusted key and an accepted algorithm; identity is read from signed bytes only',
  status: 'The top-level StatusCode is Success (saml-core §3.2.2.2)',
  issuer: 'The Issuer of the Response and of the (SAML 2.0) Assertion is the identity provider (saml-core §2.3.3)',
  destination: 'The Response Destination is our ACS URL (saml-bindings §3.5.5.2)',
  subject_confirmation: 'A bearer SubjectConfirmationData names our ACS URL as Recipient and is unexpired (saml-profiles §4.1.4.2)',
  time_window: 'Now is within the Conditions NotBefore / NotOnOrAfter, widened by the allowed clock skew (saml-core §2.5.1.2)',
  audience: 'Every AudienceRestriction names our entity ID (saml-core §2.5.1.4)',
  in_response_to: 'The Response answers one of our requests, consumed once, or is unsolicited where allowed (saml-profiles §4.1.4.3)',
  replay: 'The assertion ID was not accepted before (saml-profiles §4.1.4.5)',
} as const;

export type ResponseCheckName = keyof typeof RESPONSE_CHECKS;

export interface ResponseCheck {
  name: ResponseCheckName;
  /** `skipped`: the caller could not apply it (e.g. no replay cache offline); `detail` says why. */
  result: 'pass' | 'fail' | 'skipped';
  /** The refusal, on `fail`. */
  reason?: ResponseRejection;
  detail?: string;
  /** What the check wanted and what the message held, where a value was compared. */
  expected?: string;
  received?: string;
}

/** What a refusal carries in `details` besides its free-text detail. */
export interface RejectionValues {
  expected?: string;
  received?: string;
}

export function rejectionValues(err: ResponseRejectedError): { detail?: string; expected?: string; received?: string } {
  const d = (err.details ?? {}) as { detail?: string; expected?: string; received?: string };
  return {
    ...(d.detail !== undefined ? { detail: d.detail } : {}),
    ...(d.expected !== undefined ? { expected: d.expected } : {}),
    ...(d.received !== undefined ? { received: d.received } : {}),
  };
}

function failed(name: ResponseCheckName, err: unknown): ResponseCheck {
  if (err instanceof ResponseRejectedError) return { name, result: 'fail', reason: err.code, ...rejectionValues(err) };
  return { name, result: 'fail', detail: 'internal error' };
}

/** Records a refusal that happened outside runCheck. */
export function recordFailure(checks: ResponseCheck[] | undefined, name: ResponseCheckName, err: unknown): void {
  checks?.push(failed(name, err));
}

/** Runs one check, appending its outcome to `checks` (when given); a refusal is recorded, then rethrown. */
export function runCheck<T>(checks: ResponseCheck[] | undefined, name: ResponseCheckName, fn: () => T): T {
  try {
    const out = fn();
    checks?.push({ name, result: 'pass' });
    return out;
  } catch (err) {
    checks?.push(failed(name, err));
    throw err;
  }
}

export async function runCheckAsync<T>(checks: ResponseCheck[] | undefined, name: ResponseCheckName, fn: () => Promise<T>): Promise<T> {
  try {
    const out = await fn();
    checks?.push({ name, result: 'pass' });
    return out;
  } catch (err) {
    checks?.push(failed(name, err));
    throw err;
  }
}
