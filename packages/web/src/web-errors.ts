// The web kit both apps share: body parsing, CSRF, login throttling, stores, the error handler.
// By HTTP status, code → default message; the factories below accept only these codes.
import { errorCodes, errorCodeTest, errorFactory } from '@samlbridge/errors';

export const WEB_ERRORS = errorCodes({
  400: {
    bad_request: 'Bad request',
    transaction_ended: 'A unit of work used its transaction after the transaction had ended',
    validation_failed: 'The request has invalid fields.',
  },
  403: {
    csrf_failed: 'This form has expired or did not come from this site. Go back, reload the page and try again.',
  },
  409: {
    conflict: 'Another record already uses this value.',
  },
  413: {
    message_too_large: 'The request is too large.',
  },
  429: {
    account_locked: 'Too many failed sign-ins for this account. Try again later.',
    too_many_attempts: 'Too many sign-in attempts from your network. Try again later.',
  },
  500: {
    database_newer_than_app: 'The database was migrated by a newer version of this application; run that version or a later one.',
    database_unavailable: 'Could not open the PostgreSQL database.',
    invalid_config: 'Invalid configuration.',
    internal_error: 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.',
  },
  503: {
    server_busy: 'The service is busy right now. Wait a few seconds and try again.',
    storage_unavailable:
      'The service cannot save anything right now. Try again in a minute; if it keeps happening, tell your administrator.',
  },
});

export type WebErrorCode = keyof typeof WEB_ERRORS;

export const webError = errorFactory(WEB_ERRORS);
export const isWebError = errorCodeTest(WEB_ERRORS);
