// @samlbridge/errors — the error base class every other package builds on. No dependencies.

export type { ErrorCodeList, ErrorCodeSpec, ErrorFactory } from './error-codes.js';
export { errorCodeTest, errorFactory } from './error-codes.js';
export type { SamlbridgeErrorOptions } from './samlbridge-error.js';
export { SamlbridgeError } from './samlbridge-error.js';
