// The IdP Single Logout surface (/saml2/{app}/slo, /logout/*): every refusal, code → HTTP status + default message.
import { errorFactory } from '@samlbridge/errors';

export const SLO_ERRORS = {
  logout_flow_unknown: { status: 404, message: 'This sign-out has finished or expired.' },
  logout_issuer_mismatch: { status: 403, message: 'The logout message comes from a service provider this application does not know.' },
  logout_destination_mismatch: { status: 400, message: 'The logout message is addressed to another URL.' },
  logout_expired: { status: 400, message: 'The logout request has expired.' },
  logout_malformed: { status: 400, message: 'The logout message could not be read.' },
  logout_replayed: { status: 409, message: 'This logout request was already used.' },
  logout_response_unexpected: { status: 400, message: 'This LogoutResponse does not answer a logout request of this identity provider.' },
  logout_signature_invalid: { status: 403, message: 'The logout message signature does not verify.' },
  logout_signature_required: { status: 403, message: 'This application accepts only signed logout messages, and this one was not signed.' },
  slo_not_configured: { status: 409, message: 'Single Logout is not configured for this application.' },
} as const;

export type SloErrorCode = keyof typeof SLO_ERRORS;
export const sloError = errorFactory(SLO_ERRORS);
