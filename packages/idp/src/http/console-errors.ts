// The IdP login page and user console.
// By HTTP status, code → default message; the factories below accept only these codes.
import { errorCodes, errorCodeTest, errorFactory } from '@samlbridge/errors';

export const CONSOLE_ERRORS = errorCodes({
  400: {
    login_flow_expired: 'This sign-in request has expired or was already used. Go back to the application and sign in again.',
    mfa_step_expired: 'This verification step has expired. Sign in again.',
  },
  403: {
    mfa_not_enrolled: 'You have no second factor yet. Add an authenticator app on your Security page, then sign in again.',
    mfa_step_up_required: 'Verify it is you with your second factor before changing it.',
    passkey_only_disabled: 'Signing in with a passkey alone is turned off here. Sign in with your username and password.',
  },
  404: {
    not_found: 'There is no page here.',
  },
  410: {
    invitation_invalid:
      'This invitation link does not work any more: it was already used, a newer invitation replaced it, or it expired. Ask your administrator for a new link.',
  },
});

export type ConsoleErrorCode = keyof typeof CONSOLE_ERRORS;

export const consoleError = errorFactory(CONSOLE_ERRORS);
export const isConsoleError = errorCodeTest(CONSOLE_ERRORS);
