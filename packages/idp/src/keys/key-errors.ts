// Errors of the signing-keys layer (keys/): by HTTP status, code → default message. The SSO routes show them as
// error pages like their own; the layer does not depend on HTTP code.
import { errorCodes, errorFactory } from '@samlbridge/errors';

export const KEY_ERRORS = errorCodes({
  503: {
    signing_unavailable: 'The identity provider could not sign the Response just now. Try again.',
  },
});

export type KeyErrorCode = keyof typeof KEY_ERRORS;

export const keyError = errorFactory(KEY_ERRORS);
