// @samlbridge/protocol — SAML 2.0 wire code shared by the IdP and the SP. The public surface, listed by name:
// strings, plain objects and Buffers in and out, never a DOM (the XML stays inside this package).

export type { RedirectSignatureResult } from './authn-request.js';
export {
  buildAuthnRequest,
  parseAuthnRequest,
  signRedirectQuery,
  verifyRedirectQuerySignature,
} from './authn-request.js';
export type { PostSignatureResult } from './authn-request-signature.js';
export { verifyAuthnRequestPostSignature } from './authn-request-signature.js';
export {
  buildRedirectUrl,
  decodePost,
  decodeRedirect,
  encodePost,
  encodeRedirect,
  type PostFormPurpose,
  renderPostForm,
} from './bindings.js';
export type { NormalizedFingerprint } from './certificate.js';
export { certificateBody, fingerprintMatches, fingerprints, normalizeFingerprint, pemToDer } from './certificate.js';
export type { SamlErrorFactory } from './errors.js';
export { SamlbridgeError, SamlError, samlErrorFactory } from './errors.js';
export type { MixedScripts } from './identity/confusable.js';
export { confusableSkeleton, mixedScripts } from './identity/confusable.js';
export { emailKey, refusedIdentityCharacter, usernameKey } from './identity/username-key.js';
export { newSamlId } from './ids.js';
export type { MessageSigningKey } from './logout/enveloped-signer.js';
export type { LogoutNameId, LogoutRequestInput, ParsedLogoutRequest } from './logout/logout-request.js';
export {
  buildLogoutRequest,
  buildSignedLogoutRequest,
  LOGOUT_REASON_ADMIN,
  LOGOUT_REASON_USER,
  parseLogoutRequest,
} from './logout/logout-request.js';
export type { LogoutResponseInput, ParsedLogoutResponse } from './logout/logout-response.js';
export { buildLogoutResponse, buildSignedLogoutResponse, parseLogoutResponse, statusName } from './logout/logout-response.js';
export type { LogoutBinding, LogoutSignatureResult, VerifyLogoutSignatureInput } from './logout/message-signature.js';
export { verifyLogoutSignature } from './logout/message-signature.js';
export type { SoapFault, SoapLogoutMessage, SoapMessageInput } from './logout/soap-binding.js';
export { readSoapMessage, SOAP_ACTION, SOAP_ENVELOPE_NS, soapEnvelope, soapFault } from './logout/soap-binding.js';
export { buildIdpMetadata, buildSpMetadata } from './metadata.js';
export type { IdpMetadataFacts } from './metadata-reader.js';
export { readIdpMetadata } from './metadata-reader.js';
export { ALGORITHMS, ATTRNAME_FORMAT, AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT, BINDING, NAMEID_FORMAT, NS } from './namespaces.js';
export { prettyXml } from './pretty-xml.js';
export type { ProtocolErrorCode } from './protocol-errors.js';
export type { AuthnContextComparison, RequestedAuthnContext } from './requested-authn-context.js';
export type { ResponseCheck, ResponseCheckName } from './response/check-log.js';
export { RESPONSE_CHECKS } from './response/check-log.js';
export type { ResponseRejection } from './response/rejections.js';
export { RESPONSE_REJECTIONS, ResponseRejectedError } from './response/rejections.js';
export type {
  AcceptResponseOptions,
  AssertionDecryption,
  ExpectedResponse,
  InResponseToPolicy,
  ResponseTrust,
  VerifiedResponse,
  VerifyResponseOptions,
} from './response/types.js';
export { verifyResponse, verifyResponseStateless } from './response/verify-response.js';
export type { ResponseSigner } from './response-builder.js';
export { createResponseSigner } from './response-builder.js';
export type { ScimListResponse, ScimPatchOp, ScimResource, ScimType, ScimUser } from './scim.js';
export { isSuperAdminUserType, SCIM_MEDIA_TYPE, SCIM_SCHEMAS, talentlmsUserType } from './scim.js';
export type { EnvelopingSignature, SignatureAnswer, SignatureFunction, SignatureRequest } from './signature-steps.js';
export { wrapSignedAssertion } from './signature-wrapping.js';
export type { ReadSpMetadataOptions, SpAcsEndpoint, SpMetadataFacts, SpSloEndpoint } from './sp-metadata-reader.js';
export { readSpMetadata } from './sp-metadata-reader.js';
export type {
  AssertionEncryption,
  AuthnRequestInput,
  MetadataEndpoint,
  NameIdPolicy,
  ParsedAuthnRequest,
  ResponseInput,
  SamlAttribute,
  SamlStatus,
  SignatureAlgorithm,
  SigningMode,
  SpEncryptionKeyInput,
} from './types.js';
export type { BlockEncryption, KeyTransport } from './xml/encryption.js';
export { ENCRYPTION_ALGORITHMS, KEY_TRANSPORT_ALGORITHMS } from './xml/encryption.js';
export { XmlSignatureError } from './xml-signature.js';
