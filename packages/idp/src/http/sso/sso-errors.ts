// The IdP SSO surface (/saml2/*): every refusal of an AuthnRequest or an SSO launch.
// By HTTP status, code → default message; the factories below accept only these codes.
import { errorCodes, errorCodeTest, errorFactory } from '@samlbridge/errors';
import { samlErrorFactory } from '@samlbridge/protocol';

export const SSO_ERRORS = errorCodes({
  400: {
    acs_not_registered: 'The AssertionConsumerServiceURL is not registered for this application.',
    destination_mismatch: 'The AuthnRequest is addressed to another URL.',
    malformed_request: 'The AuthnRequest could not be read.',
    missing_issuer: 'The AuthnRequest has no Issuer, so we cannot tell which service provider sent it.',
    name_id_format_unsupported: 'The service provider asked for a NameID format this identity provider cannot produce.',
    name_id_qualifier_unsupported: 'The service provider asked for a NameID in the namespace of another service provider or affiliation.',
    processing_instruction_forbidden: 'The AuthnRequest contains an XML processing instruction, which is not allowed.',
    relay_state_too_long: 'The RelayState is too long.',
    request_expired: 'The AuthnRequest has expired.',
    request_not_yet_valid: 'The AuthnRequest is not valid yet.',
    unknown_issuer: 'The AuthnRequest comes from a service provider this application does not know.',
    unsupported_binding: 'The request uses a binding this SSO URL does not support.',
  },
  401: {
    no_passive: 'The application asked to sign you in without interaction, but you are not signed in.',
  },
  403: {
    access_denied: 'You are not assigned to this application.',
    application_deactivated: 'This application is deactivated.',
    name_id_create_not_allowed:
      'The service provider asked for an existing persistent NameID (AllowCreate="false"), and there is none yet.',
    name_id_format_not_allowed: 'The service provider asked for a NameID format this application may not use.',
    no_authn_context: 'The application asked for a kind of sign-in that cannot be done for you.',
    request_signature_algorithm_forbidden: 'The AuthnRequest is signed with an algorithm this application does not accept.',
    request_signature_invalid: 'The AuthnRequest signature does not verify.',
    request_signature_required: 'This application accepts only signed requests, and this one was not signed.',
  },
  404: {
    not_a_saml_application: 'This application is a bookmark, not a single sign-on application.',
    unknown_application: 'There is no such application on this identity provider. Check the SSO URL.',
  },
  409: {
    application_not_configured: 'This application is not configured for single sign-on yet.',
    request_replayed: 'This sign-in request was already used.',
  },
  413: {
    message_too_large: 'The sign-in request is too large.',
  },
  429: {
    too_many_pending_signins: 'Too many sign-ins were started from your network without finishing. Wait a few minutes and try again.',
  },
});

export type SsoErrorCode = keyof typeof SSO_ERRORS;

/** A SAML error (may carry canRespond / samlStatus). */
export const ssoError = samlErrorFactory(SSO_ERRORS);
/** An SSO error that never becomes a SAML Response (an error page). */
export const ssoPageError = errorFactory(SSO_ERRORS);
export const isSsoError = errorCodeTest(SSO_ERRORS);
