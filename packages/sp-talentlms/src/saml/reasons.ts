// Every ACS rejection has a stable reason code and a sentence a person can act on (ARCHITECTURE.md §2). The codes of the
// Response verifier (@samlbridge/protocol RESPONSE_REJECTIONS) are all here; the rest are this SP's own rules.
import { ResponseRejectedError, type ResponseRejection, SamlError } from '@samlbridge/protocol';

export const REASONS = {
  malformed_response: 'The sign-in message from your identity provider could not be read.',
  dtd_forbidden: 'The sign-in message contained a document type declaration, which is not allowed.',
  processing_instruction_forbidden: 'The sign-in message contained an XML processing instruction (<?…?>), which is not allowed.',
  message_too_large: 'The sign-in message was too large.',
  multiple_assertions: 'The sign-in message contained more than one assertion.',
  no_assertion: 'The sign-in message did not contain an assertion about who you are.',
  encrypted_assertion_unsupported:
    'The sign-in message was encrypted; this site does not accept encrypted assertions. Ask your administrator to turn encryption off.',
  assertion_not_encrypted:
    "This site requires the sign-in message to be encrypted, and it was not. Ask your administrator to turn on assertion encryption at the identity provider with this site's encryption certificate (in its metadata).",
  encrypted_assertion_malformed:
    'The encrypted sign-in message was not built the way this site accepts (one encrypted assertion with one key, all inside the message).',
  encrypted_assertion_too_large: 'The encrypted part of the sign-in message was too large.',
  decryption_failed:
    "The encrypted sign-in message could not be decrypted. Your administrator may need to give the identity provider this site's current encryption certificate.",
  signature_missing: 'The sign-in message was not signed by your identity provider.',
  assertion_signature_required: 'This site requires the assertion itself to be signed, and it was not.',
  untrusted_certificate:
    'The sign-in message was signed with a certificate this site does not trust. Your administrator may need to update the certificate fingerprint.',
  signature_algorithm_forbidden: 'The sign-in message was signed with an algorithm this site does not accept.',
  signature_invalid: 'The signature on the sign-in message is not valid: the message may have been changed.',
  malformed_signature:
    'The signature on the sign-in message is not built the way XML signatures must be: the message may have been changed.',
  unexpected_signature: 'The sign-in message carried a signature in a place where none belongs (a sign of tampering), so it was refused.',
  status_not_success: 'Your identity provider did not sign you in.',
  issuer_mismatch: 'The sign-in message came from an identity provider this site is not set up for.',
  destination_mismatch: 'The sign-in message was addressed to another site.',
  recipient_mismatch: 'The sign-in message was meant for another site.',
  subject_confirmation_missing: 'The sign-in message did not say how it may be used (no bearer confirmation).',
  audience_mismatch: 'The sign-in message was issued for another application.',
  not_yet_valid: 'The sign-in message is not valid yet. Check that the clocks of both systems are right.',
  expired: 'The sign-in message has expired. Start signing in again.',
  unknown_in_response_to:
    'The sign-in message answers a request this site did not make, or one that was already used. Start signing in again.',
  unsolicited_not_allowed: 'This site only accepts sign-ins that start here. Use "Sign in with SSO" on the sign-in page.',
  replayed_assertion: 'This sign-in message was already used. Start signing in again.',
  missing_targeted_id: 'The sign-in message did not say who you are (no username).',
  user_inactive: 'Your account on this site is deactivated. Contact your administrator.',
  account_not_sso_managed:
    'This account belongs to this site itself (its Super Admin, or an account an administrator created here), so it cannot sign in through single sign-on, and nothing about it was changed. Sign in with its username and password instead, or ask your administrator to give you an account through your identity provider.',
  email_not_unique:
    'Another user of this site already has your email address (email is not unique), so your account could not be created. Ask your administrator: a deleted user may need to be deleted permanently.',
  sso_disabled:
    'Single sign-on is turned off for this site (SSO integration type: None), so sign-ins through your identity provider are refused. Sign in with your username and password.',
  sso_not_configured: 'Single sign-on is not set up for this site yet. Sign in with your username and password, or ask your administrator.',
} as const;

export type ReasonCode = keyof typeof REASONS;

/** Fails to compile when the protocol verifier gains a reason this SP has no sentence for. */
const everyRejectionHasASentence: Record<ResponseRejection, string> = REASONS;
void everyRejectionHasASentence;

/** A refused SAML Response: 403 (413 for an oversized one), never answered with SAML. */
export function reject(reason: ReasonCode, detail?: string): SamlError {
  return new SamlError(reason, REASONS[reason], {
    status: reason === 'message_too_large' ? 413 : 403,
    canRespond: false,
    ...(detail ? { details: { detail } } : {}),
  });
}

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASONS, code);
}

/** A rejection from the protocol verifier, in this site's words (same code, same detail); anything else unchanged. */
export function fromRejection(err: unknown): unknown {
  if (!(err instanceof ResponseRejectedError)) return err;
  return reject(err.code, (err.details as { detail?: string } | undefined)?.detail);
}
