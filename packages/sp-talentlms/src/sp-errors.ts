// The SP outside SAML sign-in and SCIM: LMS pages, SSO settings, admin API.
// Code → HTTP status + default message; the factories below accept only these codes.
import { errorCodeTest, errorFactory } from '@samlbridge/errors';

export const SP_ERRORS = {
  account_not_sso_managed: { status: 403, message: 'This account is not managed by single sign-on.' },
  bad_action: { status: 400, message: 'Unknown action: use the buttons on the SSO settings page.' },
  cannot_delete_admin: { status: 409, message: 'The Super Admin account cannot be deleted.' },
  database_not_writable: { status: 500, message: 'The SP database cannot be written.' },
  email_not_unique: { status: 409, message: 'Another user of this site already has this email address (email is not unique).' },
  logout_invalid: { status: 400, message: 'The logout message could not be accepted.' },
  logout_signature_invalid: { status: 403, message: 'The logout message is not signed by the identity provider.' },
  forbidden: { status: 403, message: 'Only a Super Admin can open this page.' },
  invalid_timezone: { status: 400, message: 'This is not an IANA time zone (e.g. UTC, Europe/Athens).' },
  not_confirmed: { status: 400, message: 'Tick the confirmation box: a permanent delete cannot be undone.' },
  not_found: { status: 404, message: 'There is nothing here.' },
  not_signed_in: { status: 401, message: 'No one is signed in' },
  sso_not_configured: {
    status: 409,
    message:
      'SAML SSO must be configured before SCIM v2 user provisioning can be enabled: fill in the Single Sign-On (SSO) settings first.',
  },
  unauthorized: { status: 401, message: 'Send the SP admin API key as "Authorization: Bearer <key>"' },
  user_not_found: { status: 404, message: 'There is no such user. It may have been permanently deleted already.' },
  user_not_in_trash: { status: 409, message: 'Only a user in the trash can be restored or permanently deleted. Delete it first.' },
} as const;

export type SpErrorCode = keyof typeof SP_ERRORS;

export const spError = errorFactory(SP_ERRORS);
export const isSpError = errorCodeTest(SP_ERRORS);
