// The IdP admin API (/api/) and admin portal (/admin/), and the directory and provisioning services behind them.
// By HTTP status, code → default message; the factories below accept only these codes.
import { errorCodes, errorCodeTest, errorFactory } from '@samlbridge/errors';

export const ADMIN_ERRORS = errorCodes({
  400: {
    bad_request: 'The form could not be read. Reload the page and try again.',
    confirmation_mismatch: 'Enter the number of the items you are deleting to confirm.',
    confirmation_required: 'Tick the confirmation box to go ahead.',
    idm_verification_failed: "The application's SCIM API could not be reached or refused the token.",
    metadata_fetch_failed: 'The metadata URL could not be fetched.',
    metadata_invalid: 'The document is not usable service provider metadata.',
    nothing_selected: 'Select the applications to delete first.',
    placeholders_remain: 'Replace YOURDOMAIN and SUBDOMAIN with your TalentLMS values before saving.',
    validation_failed: 'The request has invalid fields.',
  },
  401: {
    unauthorized: 'Send a valid admin API key in the x-api-key header.',
  },
  404: {
    idm_not_configured: 'This application has no Identity Management integration.',
    not_found: 'There is no such item.',
  },
  405: {
    method_not_allowed: 'This method is not supported here.',
  },
  409: {
    conflict: 'Another record already uses this value.',
    idm_deactivate_first:
      'The token key can only be changed while the integration is deactivated: deactivate the IdM integration, update the token, then reactivate it.',
    idm_inactive: 'The Identity Management integration of this application is not active.',
    not_saml_application: 'Only SAML applications send attributes: this application has none to rename.',
    signing_key_expired: 'This signing certificate has expired: generate a new next key and activate that one.',
    signing_key_not_standby: 'Only the published key that does not sign (the next or the previous key) can be activated or retired.',
    signing_key_standby_exists: 'A second signing key is already published: activate or retire it before generating another.',
    sso_url_immutable: "The SSO IdP URL can't be changed after the application is created.",
    user_suspended: 'This user is suspended: activate the user first.',
    user_not_assigned: 'The user is not assigned to this application.',
  },
  413: {
    message_too_large: 'The request is too large.',
  },
  502: {
    scim_request_failed: "The application's SCIM service refused the request or could not be reached.",
  },
  500: {
    secret_undecryptable:
      'A stored token could not be decrypted: IDP_SECRET_KEY changed since it was saved. Deactivate the integration, enter the token again and reactivate.',
  },
});

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

export const adminError = errorFactory(ADMIN_ERRORS);
export const isAdminError = errorCodeTest(ADMIN_ERRORS);
