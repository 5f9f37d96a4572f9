// The IdP admin API (/api/) and admin portal (/admin/), and the directory and provisioning services behind them.
// Code → HTTP status + default message; the factories below accept only these codes.
import { errorCodeTest, errorFactory } from '@samlbridge/errors';

export const ADMIN_ERRORS = {
  bad_request: { status: 400, message: 'The form could not be read. Reload the page and try again.' },
  confirmation_mismatch: { status: 400, message: 'Enter the number of the items you are deleting to confirm.' },
  confirmation_required: { status: 400, message: 'Tick the confirmation box to go ahead.' },
  conflict: { status: 409, message: 'Another record already uses this value.' },
  idm_deactivate_first: {
    status: 409,
    message:
      'The token key can only be changed while the integration is deactivated: deactivate the IdM integration, update the token, then reactivate it.',
  },
  idm_inactive: { status: 409, message: 'The Identity Management integration of this application is not active.' },
  idm_not_configured: { status: 404, message: 'This application has no Identity Management integration.' },
  idm_verification_failed: { status: 400, message: "The application's SCIM API could not be reached or refused the token." },
  message_too_large: { status: 413, message: 'The request is too large.' },
  metadata_fetch_failed: { status: 400, message: 'The metadata URL could not be fetched.' },
  metadata_invalid: { status: 400, message: 'The document is not usable service provider metadata.' },
  method_not_allowed: { status: 405, message: 'This method is not supported here.' },
  not_found: { status: 404, message: 'There is no such item.' },
  not_saml_application: { status: 409, message: 'Only SAML applications send attributes: this application has none to rename.' },
  nothing_selected: { status: 400, message: 'Select the applications to delete first.' },
  placeholders_remain: { status: 400, message: 'Replace YOURDOMAIN and SUBDOMAIN with your TalentLMS values before saving.' },
  secret_undecryptable: {
    status: 500,
    message:
      'A stored token could not be decrypted: IDP_SECRET_KEY changed since it was saved. Deactivate the integration, enter the token again and reactivate.',
  },
  signing_key_expired: { status: 409, message: 'This signing certificate has expired: generate a new next key and activate that one.' },
  signing_key_not_standby: {
    status: 409,
    message: 'Only the published key that does not sign (the next or the previous key) can be activated or retired.',
  },
  signing_key_standby_exists: {
    status: 409,
    message: 'A second signing key is already published: activate or retire it before generating another.',
  },
  sso_url_immutable: { status: 409, message: "The SSO IdP URL can't be changed after the application is created." },
  unauthorized: { status: 401, message: 'Send a valid admin API key in the x-api-key header.' },
  user_suspended: { status: 409, message: 'This user is suspended: activate the user first.' },
  user_not_assigned: { status: 409, message: 'The user is not assigned to this application.' },
  validation_failed: { status: 400, message: 'The request has invalid fields.' },
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

export const adminError = errorFactory(ADMIN_ERRORS);
export const isAdminError = errorCodeTest(ADMIN_ERRORS);
