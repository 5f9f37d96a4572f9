// The SP outside SAML sign-in and SCIM: LMS pages, SSO settings, admin API.
// By HTTP status, code → default message; the factories below accept only these codes.
import { errorCodes, errorCodeTest, errorFactory } from '@samlbridge/errors';

export const SP_ERRORS = errorCodes({
  400: {
    bad_action: 'Unknown action: use the buttons on the SSO settings page.',
    logout_invalid: 'The logout message could not be accepted.',
    invalid_timezone: 'This is not an IANA time zone (e.g. UTC, Europe/Athens).',
    not_confirmed: 'Tick the confirmation box: a permanent delete cannot be undone.',
    invalid_settings: 'The SSO settings have problems: correct the fields named.',
  },
  401: {
    not_signed_in: 'No one is signed in',
    unauthorized: 'Send the SP admin API key as "Authorization: Bearer <key>"',
  },
  403: {
    account_not_sso_managed: 'This account is not managed by single sign-on.',
    logout_signature_invalid: 'The logout message is not signed by the identity provider.',
    forbidden: 'Only a Super Admin can open this page.',
  },
  404: {
    not_found: 'There is nothing here.',
    user_not_found: 'There is no such user. It may have been permanently deleted already.',
  },
  409: {
    cannot_delete_admin: 'The Super Admin account cannot be deleted.',
    email_not_unique: 'Another user of this site already has this email address (email is not unique).',
    sso_not_configured:
      'SAML SSO must be configured before SCIM v2 user provisioning can be enabled: fill in the Single Sign-On (SSO) settings first.',
    uniqueness: 'The value is not unique.',
    user_not_in_trash: 'Only a user in the trash can be restored or permanently deleted. Delete it first.',
  },
  500: {
    database_not_writable: 'The SP database cannot be written.',
  },
});

export type SpErrorCode = keyof typeof SP_ERRORS;

export const spError = errorFactory(SP_ERRORS);
export const isSpError = errorCodeTest(SP_ERRORS);
