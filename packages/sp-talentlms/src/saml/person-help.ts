// What a person whose sign-in was refused reads: what happened (reasons.ts, or the identity provider's status in
// words) and what to ask the administrator. The expected and received values stay in the admin's sign-in log.
import { BRAND } from '../views/layout.js';
import { REASONS, type ReasonCode } from './reasons.js';

const ADMIN_CONFIG = `Ask your ${BRAND} administrator to check the single sign-on settings: the sign-in log shows what was expected and what arrived.`;
const START_AGAIN = 'Start signing in again from this site or from your identity provider’s user console.';

/** What to do next, per reason code: the person's own step, or what to ask the administrator. */
export const NEXT_STEP: Record<ReasonCode, string> = {
  malformed_response: ADMIN_CONFIG,
  dtd_forbidden: ADMIN_CONFIG,
  processing_instruction_forbidden: ADMIN_CONFIG,
  message_too_large: `Ask your ${BRAND} administrator: the identity provider may send too many attributes.`,
  multiple_assertions: ADMIN_CONFIG,
  no_assertion: ADMIN_CONFIG,
  encrypted_assertion_unsupported: ADMIN_CONFIG,
  assertion_not_encrypted: ADMIN_CONFIG,
  encrypted_assertion_malformed: ADMIN_CONFIG,
  encrypted_assertion_too_large: ADMIN_CONFIG,
  decryption_failed: ADMIN_CONFIG,
  signature_missing: ADMIN_CONFIG,
  assertion_signature_required: ADMIN_CONFIG,
  untrusted_certificate: `Ask your ${BRAND} administrator to compare the certificate fingerprint in the single sign-on settings with the identity provider’s current certificate.`,
  signature_algorithm_forbidden: ADMIN_CONFIG,
  signature_invalid: `Try again. If it happens again, tell your ${BRAND} administrator: the message may have been changed on the way.`,
  malformed_signature: `Tell your ${BRAND} administrator: the message may have been changed on the way.`,
  unexpected_signature: `Tell your ${BRAND} administrator: the message may have been changed on the way.`,
  status_not_success: `Ask your administrator why the identity provider refused to sign you in to ${BRAND}.`,
  issuer_mismatch: `Ask your ${BRAND} administrator to compare the "Identity provider (IdP)" setting with the identity provider’s entity ID.`,
  destination_mismatch: `Ask your administrator to compare the ACS URL at the identity provider with the one ${BRAND} shows on its single sign-on settings page.`,
  recipient_mismatch: `Ask your administrator to compare the ACS URL at the identity provider with the one ${BRAND} shows on its single sign-on settings page.`,
  subject_confirmation_missing: ADMIN_CONFIG,
  audience_mismatch: `Ask your administrator to set the identity provider’s SP Entity ID (audience) to the "Entity ID (audience)" that ${BRAND} shows on its single sign-on settings page.`,
  not_yet_valid: `Wait a minute and try again. If it keeps happening, ask your administrator to check the clocks of ${BRAND} and the identity provider.`,
  expired: START_AGAIN,
  unknown_in_response_to: START_AGAIN,
  unsolicited_not_allowed: `Use "Sign in with SSO" on the ${BRAND} sign-in page, or ask your administrator to allow sign-ins that start at the identity provider.`,
  replayed_assertion: START_AGAIN,
  missing_targeted_id: `Ask your administrator to send your username (the TargetedID attribute) to ${BRAND}.`,
  user_inactive: `Ask your ${BRAND} administrator to reactivate your account.`,
  account_not_sso_managed: `Ask your ${BRAND} administrator if you need an account through your identity provider.`,
  email_not_unique: `Ask your ${BRAND} administrator to permanently delete the old account with your email address, or to change its email.`,
  sso_disabled: `If you have no ${BRAND} password, ask your ${BRAND} administrator to turn single sign-on back on (SSO integration type: SAML2.0) or to give you a password.`,
  sso_not_configured: `Ask your ${BRAND} administrator to finish setting up single sign-on.`,
};

interface StatusWords {
  what: string;
  next: string;
}

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

/** saml-core §3.2.2.2: the second-level status codes an identity provider explains a refusal with, in words. */
const SECOND_LEVEL: Record<string, StatusWords> = {
  RequestDenied: {
    what: `Your administrator has not given you access to ${BRAND}.`,
    next: `Ask your administrator to give you access to ${BRAND} (for example, to add you to a group that has it).`,
  },
  AuthnFailed: {
    what: 'Your identity provider could not sign you in.',
    next: 'Sign in to your identity provider again; if it keeps failing, ask your administrator.',
  },
  NoPassive: {
    what: 'You are not signed in at your identity provider, and this sign-in did not allow it to ask you.',
    next: `Sign in at your identity provider, then open ${BRAND} again.`,
  },
  NoAuthnContext: {
    what: `Your identity provider could not sign you in the way ${BRAND} asks (for example, with a second factor).`,
    next: 'Set up the second factor your administrator asks for, or ask your administrator which sign-in method is needed.',
  },
  UnknownPrincipal: {
    what: 'Your identity provider does not know you.',
    next: 'Ask your administrator to check your account at the identity provider.',
  },
  InvalidNameIDPolicy: {
    what: `Your identity provider cannot identify you to ${BRAND} the way ${BRAND} asks.`,
    next: `Ask your administrator to check the NameID format set for ${BRAND} at the identity provider.`,
  },
  RequestUnsupported: {
    what: `Your identity provider does not support the kind of sign-in ${BRAND} asked for.`,
    next: ADMIN_CONFIG,
  },
  UnsupportedBinding: {
    what: `Your identity provider could not answer ${BRAND} the way ${BRAND} asked.`,
    next: ADMIN_CONFIG,
  },
};

const TOP_LEVEL: Record<string, StatusWords> = {
  Requester: { what: `Your identity provider refused the sign-in request from ${BRAND}.`, next: ADMIN_CONFIG },
  Responder: { what: 'Your identity provider could not sign you in.', next: NEXT_STEP.status_not_success },
  VersionMismatch: { what: `Your identity provider does not speak the SAML version ${BRAND} uses.`, next: ADMIN_CONFIG },
};

/** The status a refusing identity provider sent ("urn:…:Responder / urn:…:RequestDenied"), in words. */
export function statusInWords(received: string | undefined): StatusWords | undefined {
  if (!received) return undefined;
  const [top, sub] = received.split(' / ').map((c) => (c.startsWith(STATUS) ? c.slice(STATUS.length) : c));
  return (sub !== undefined ? SECOND_LEVEL[sub] : undefined) ?? (top !== undefined ? TOP_LEVEL[top] : undefined);
}

export interface PersonHelp {
  /** What happened, in words. */
  message: string;
  /** What to do, or what to ask the administrator. */
  next: string;
}

/** The sentences for a refused sign-in; `detail` is the verifier's detail (for a status: the received status codes). */
export function personHelp(code: ReasonCode, detail?: string): PersonHelp {
  if (code === 'status_not_success') {
    const words = statusInWords(detail);
    if (words) return { message: words.what, next: words.next };
  }
  return { message: REASONS[code], next: NEXT_STEP[code] };
}
