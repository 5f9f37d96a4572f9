// The IdP login page and user console.
// Code → HTTP status + default message; the factories below accept only these codes.
import { errorCodeTest, errorFactory } from '@samlbridge/errors';

export const CONSOLE_ERRORS = {
  invitation_invalid: {
    status: 410,
    message:
      'This invitation link does not work any more: it was already used, a newer invitation replaced it, or it expired. Ask your administrator for a new link.',
  },
  login_flow_expired: {
    status: 400,
    message: 'This sign-in request has expired or was already used. Go back to the application and sign in again.',
  },
  mfa_not_enrolled: {
    status: 403,
    message: 'You have no second factor yet. Add an authenticator app on your Security page, then sign in again.',
  },
  mfa_step_expired: { status: 400, message: 'This verification step has expired. Sign in again.' },
  mfa_step_up_required: { status: 403, message: 'Verify it is you with your second factor before changing it.' },
  not_found: { status: 404, message: 'There is no page here.' },
  passkey_only_disabled: {
    status: 403,
    message: 'Signing in with a passkey alone is turned off here. Sign in with your username and password.',
  },
} as const;

export type ConsoleErrorCode = keyof typeof CONSOLE_ERRORS;

export const consoleError = errorFactory(CONSOLE_ERRORS);
export const isConsoleError = errorCodeTest(CONSOLE_ERRORS);
