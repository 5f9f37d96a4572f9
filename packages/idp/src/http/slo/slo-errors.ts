// The IdP Single Logout surface (/saml2/{app}/slo, /logout/*): every refusal by HTTP status, code → default message.
import { errorCodes, errorFactory } from '@samlbridge/errors';

export const SLO_ERRORS = errorCodes({
  400: {
    logout_destination_mismatch: 'The logout message is addressed to another URL.',
    logout_expired: 'The logout request has expired.',
    logout_malformed: 'The logout message could not be read.',
    logout_response_unexpected: 'This LogoutResponse does not answer a logout request of this identity provider.',
  },
  403: {
    logout_issuer_mismatch: 'The logout message comes from a service provider this application does not know.',
    logout_signature_invalid: 'The logout message signature does not verify.',
    logout_signature_required: 'This application accepts only signed logout messages, and this one was not signed.',
  },
  404: {
    logout_flow_unknown: 'This sign-out has finished or expired.',
  },
  409: {
    logout_replayed: 'This logout request was already used.',
    slo_not_configured: 'Single Logout is not configured for this application.',
  },
});

export type SloErrorCode = keyof typeof SLO_ERRORS;
export const sloError = errorFactory(SLO_ERRORS);
