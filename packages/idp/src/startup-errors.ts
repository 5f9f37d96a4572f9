// IdP start-up: settings that cannot be used.
// By HTTP status, code → default message; the factories below accept only these codes.
import { errorCodes, errorCodeTest, errorFactory } from '@samlbridge/errors';

export const STARTUP_ERRORS = errorCodes({
  500: {
    bad_secret_key: 'IDP_SECRET_KEY must be 64 hex characters or a passphrase of at least 32 characters',
    database_not_writable: 'The IdP database cannot be written.',
    signing_key_sealed_elsewhere:
      'The active IdP signing key was sealed with another IDP_SECRET_KEY: give every instance sharing the database the same one.',
    unsupported_database: 'IDP_DATABASE_URL is neither sqlite:<path> nor a file path.',
  },
});

export type StartupErrorCode = keyof typeof STARTUP_ERRORS;

export const startupError = errorFactory(STARTUP_ERRORS);
export const isStartupError = errorCodeTest(STARTUP_ERRORS);
