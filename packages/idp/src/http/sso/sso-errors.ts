// The IdP SSO surface (/saml2/*): every refusal of an AuthnRequest or an SSO launch.
// Code → HTTP status + default message; the factories below accept only these codes.
import { errorCodeTest, errorFactory } from '@samlbridge/errors';
import { samlErrorFactory } from '@samlbridge/protocol';

export const SSO_ERRORS = {
  access_denied: { status: 403, message: 'You are not assigned to this application.' },
  acs_not_registered: { status: 400, message: 'The AssertionConsumerServiceURL is not registered for this application.' },
  application_deactivated: { status: 403, message: 'This application is deactivated.' },
  application_not_configured: { status: 409, message: 'This application is not configured for single sign-on yet.' },
  destination_mismatch: { status: 400, message: 'The AuthnRequest is addressed to another URL.' },
  malformed_request: {
    status: 400,
    message: 'The AuthnRequest could not be read.',
  },
  message_too_large: { status: 413, message: 'The sign-in request is too large.' },
  missing_issuer: { status: 400, message: 'The AuthnRequest has no Issuer, so we cannot tell which service provider sent it.' },
  name_id_create_not_allowed: {
    status: 403,
    message: 'The service provider asked for an existing persistent NameID (AllowCreate="false"), and there is none yet.',
  },
  name_id_format_not_allowed: { status: 403, message: 'The service provider asked for a NameID format this application may not use.' },
  name_id_format_unsupported: {
    status: 400,
    message: 'The service provider asked for a NameID format this identity provider cannot produce.',
  },
  name_id_qualifier_unsupported: {
    status: 400,
    message: 'The service provider asked for a NameID in the namespace of another service provider or affiliation.',
  },
  no_authn_context: { status: 403, message: 'The application asked for a kind of sign-in that cannot be done for you.' },
  no_passive: { status: 401, message: 'The application asked to sign you in without interaction, but you are not signed in.' },
  not_a_saml_application: { status: 404, message: 'This application is a bookmark, not a single sign-on application.' },
  processing_instruction_forbidden: {
    status: 400,
    message: 'The AuthnRequest contains an XML processing instruction, which is not allowed.',
  },
  relay_state_too_long: { status: 400, message: 'The RelayState is too long.' },
  request_expired: { status: 400, message: 'The AuthnRequest has expired.' },
  request_not_yet_valid: { status: 400, message: 'The AuthnRequest is not valid yet.' },
  request_replayed: { status: 409, message: 'This sign-in request was already used.' },
  request_signature_algorithm_forbidden: {
    status: 403,
    message: 'The AuthnRequest is signed with an algorithm this application does not accept.',
  },
  request_signature_invalid: { status: 403, message: 'The AuthnRequest signature does not verify.' },
  request_signature_required: { status: 403, message: 'This application accepts only signed requests, and this one was not signed.' },
  unknown_application: { status: 404, message: 'There is no such application on this identity provider. Check the SSO URL.' },
  unknown_issuer: { status: 400, message: 'The AuthnRequest comes from a service provider this application does not know.' },
  too_many_pending_signins: {
    status: 429,
    message: 'Too many sign-ins were started from your network without finishing. Wait a few minutes and try again.',
  },
  unsupported_binding: { status: 400, message: 'The request uses a binding this SSO URL does not support.' },
} as const;

export type SsoErrorCode = keyof typeof SSO_ERRORS;

/** A SAML error (may carry canRespond / samlStatus). */
export const ssoError = samlErrorFactory(SSO_ERRORS);
/** An SSO error that never becomes a SAML Response (an error page). */
export const ssoPageError = errorFactory(SSO_ERRORS);
export const isSsoError = errorCodeTest(SSO_ERRORS);
