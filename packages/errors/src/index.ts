// @samlbridge/errors — the error base class every other package builds on. No dependencies.

export type { SamlbridgeErrorOptions } from './samlbridge-error.js';
export { SamlbridgeError } from './samlbridge-error.js';
