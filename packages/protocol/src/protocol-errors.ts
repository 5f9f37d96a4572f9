// Protocol's refusals outside Response verification (whose reasons are response/rejections.ts, and whose signature
// failures are XmlSignatureError's): a received message that cannot be read, or input to a builder that cannot be
// written. By HTTP status, code → default message; the factories below accept only these codes. The IdP and SP
// map several of them to their own surfaces' codes, so a code here is a contract: rename none.
import { errorCodes, errorFactory } from '@samlbridge/errors';
import { samlErrorFactory } from './errors.js';

export const PROTOCOL_ERRORS = errorCodes({
  400: {
    // Received messages: bindings (saml-bindings §3.4, §3.5), XML, AuthnRequest, Single Logout, metadata.
    bad_base64: 'The SAML message parameter is not valid base64',
    dtd_forbidden: 'The message contains a DTD (<!DOCTYPE or <!ENTITY), which SAML forbids',
    inflate_failed: 'The SAML message parameter is not valid DEFLATE data',
    malformed_logout_request: 'The LogoutRequest could not be read',
    malformed_logout_response: 'The LogoutResponse could not be read',
    malformed_query: 'The query string could not be read',
    malformed_request: 'The AuthnRequest could not be read',
    malformed_xml: 'The message is not well-formed XML',
    metadata_choose_entity: 'The metadata describes several service providers; choose one by its entity ID.',
    metadata_entity_not_found: 'The metadata has no entity with that entity ID.',
    metadata_no_acs: 'The service provider metadata lists no AssertionConsumerService: there is nowhere to send the Response.',
    metadata_not_idp: 'The document is not identity provider metadata: check the metadata URL.',
    metadata_not_metadata: 'The document is not SAML metadata.',
    metadata_not_sp: 'The metadata describes no service provider (no <md:SPSSODescriptor>).',
    metadata_unreadable: 'The document is not readable XML metadata.',
    not_soap: 'The body is not a SOAP 1.1 Envelope',
    processing_instruction_forbidden: 'The message contains a processing instruction, which SAML messages must not carry',
    signature_algorithm_forbidden: 'The request is signed with RSA-SHA1, which this application does not accept',
    signature_algorithm_unsupported: 'The SigAlg is not RSA-SHA256, RSA-SHA512 or RSA-SHA1',
    signature_invalid: 'The request signature does not verify with the configured certificate',
    // Input to builders and key material.
    invalid_algorithm: 'signatureAlgorithm must be rsa-sha256, rsa-sha512 or rsa-sha1',
    invalid_certificate: 'The certificate is not PEM (-----BEGIN CERTIFICATE-----) or base64 DER',
    invalid_date: 'A time must be a valid Date',
    invalid_fingerprint: 'The fingerprint may only contain hexadecimal digits (0-9, A-F), optionally separated by colons or spaces',
    invalid_id: 'An ID must be an xs:ID (letter or _ first, then letters, digits, _ . -)',
    invalid_signing_mode: 'signing must be both, assertion or response',
    invalid_xml_char: 'A value contains a character XML 1.0 cannot carry; remove or replace it',
    missing_assertion: 'A Success Response needs an assertion',
  },
  413: {
    message_too_large: 'The message is larger than the accepted size',
  },
  500: {
    key_certificate_mismatch: 'The signing key does not belong to the signing certificate',
    // SOAP 1.1 §6.2: a SOAP Fault travels with HTTP 500.
    malformed_soap_message: 'The SOAP Envelope must hold an optional Header and one Body',
  },
});

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

/** A received message refused (a SamlError: never answered with a SAML Response unless `canRespond`). */
export const protocolError = samlErrorFactory(PROTOCOL_ERRORS);
/** Input a caller gave a builder, or key material, that cannot be used (a plain SamlbridgeError). */
export const protocolInputError = errorFactory(PROTOCOL_ERRORS);
