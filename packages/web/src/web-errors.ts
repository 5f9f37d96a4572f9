// The web kit both apps share: body parsing, CSRF, login throttling, stores, the error handler.
// Code → HTTP status + default message; the factories below accept only these codes.
import { errorCodeTest, errorFactory } from '@samlbridge/errors';

export const WEB_ERRORS = {
  account_locked: { status: 429, message: 'Too many failed sign-ins for this account. Try again later.' },
  bad_request: { status: 400, message: 'Bad request' },
  conflict: { status: 409, message: 'Another record already uses this value.' },
  csrf_failed: { status: 403, message: 'This form has expired or did not come from this site. Go back, reload the page and try again.' },
  database_unavailable: { status: 500, message: 'Could not open the PostgreSQL database.' },
  internal_error: { status: 500, message: 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.' },
  server_busy: { status: 503, message: 'The service is busy right now. Wait a few seconds and try again.' },
  storage_unavailable: {
    status: 503,
    message: 'The service cannot save anything right now. Try again in a minute; if it keeps happening, tell your administrator.',
  },
  message_too_large: { status: 413, message: 'The request is too large.' },
  too_many_attempts: { status: 429, message: 'Too many sign-in attempts from your network. Try again later.' },
  transaction_ended: { status: 400, message: 'A unit of work used its transaction after the transaction had ended' },
  validation_failed: { status: 400, message: 'The request has invalid fields.' },
} as const;

export type WebErrorCode = keyof typeof WEB_ERRORS;

export const webError = errorFactory(WEB_ERRORS);
export const isWebError = errorCodeTest(WEB_ERRORS);
