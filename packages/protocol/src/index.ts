// @samlbridge/protocol — SAML 2.0 wire code shared by the IdP and the SP.
// The implementation files each hold one concept; this file only re-exports them.

export * from './authn-request.js';
export * from './bindings.js';
export * from './certificate.js';
export * from './errors.js';
export * from './identity/confusable.js';
export * from './identity/username-key.js';
export * from './ids.js';
export * from './metadata.js';
export * from './namespaces.js';
export * from './response-builder.js';
export * from './scim.js';
export * from './types.js';
export * from './xml/escape.js';
export * from './xml/safe-parse.js';
export * from './xml-signature.js';
