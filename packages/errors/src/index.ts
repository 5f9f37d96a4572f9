// @samlbridge/errors — the error base class every other package builds on. No dependencies.

export type { ErrorCodeList, ErrorCodeSpec, ErrorCodesByStatus, ErrorFactory } from './error-codes.js';
export { errorCodes, errorCodeTest, errorFactory } from './error-codes.js';
export type { SamlbridgeErrorOptions } from './samlbridge-error.js';
export { SamlbridgeError } from './samlbridge-error.js';
