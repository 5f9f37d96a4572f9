// The wire-level vocabulary shared by the IdP and the SP. Pure data: no Koa, no storage.
import type { RequestedAuthnContext } from './requested-authn-context.js';

/** saml-core §3.2.2.2 top-level and second-level status codes (local part after `urn:oasis:names:tc:SAML:2.0:status:`). */
export type StatusCodeName =
  | 'Success'
  | 'Requester'
  | 'Responder'
  | 'VersionMismatch'
  | 'AuthnFailed'
  | 'RequestDenied'
  | 'NoPassive'
  | 'InvalidNameIDPolicy'
  | 'UnsupportedBinding'
  | 'NoAuthnContext';

export interface SamlStatus {
  /** Top-level code, e.g. `Success`, `Requester`, `Responder`. */
  code: StatusCodeName;
  /** Optional second-level code, e.g. `RequestDenied`, `NoPassive`. */
  subCode?: StatusCodeName;
  message?: string;
}

export type SignatureAlgorithm = 'rsa-sha256' | 'rsa-sha512' | 'rsa-sha1';

/** Which parts of a Response carry an enveloped XML signature. */
export type SigningMode = 'both' | 'assertion' | 'response';

export interface SamlAttribute {
  name: string;
  /** Defaults to `urn:oasis:names:tc:SAML:2.0:attrname-format:basic`. */
  nameFormat?: string;
  values: string[];
}

/** Everything an IdP needs to say in one Response (saml-core §3.3.3, saml-profiles §4.1.4.2). */
export interface ResponseInput {
  responseId: string;
  assertionId: string;
  issueInstant: Date;
  issuer: string;
  /** The AssertionConsumerService URL (Response@Destination and SubjectConfirmationData@Recipient). */
  destination: string;
  inResponseTo?: string;
  status: SamlStatus;
  /** Absent when the status is not Success: such a Response carries no Assertion. */
  assertion?: {
    nameId: string;
    nameIdFormat: string;
    /** SubjectConfirmationData@NotOnOrAfter. */
    subjectNotOnOrAfter: Date;
    notBefore: Date;
    notOnOrAfter: Date;
    audience: string;
    authnInstant: Date;
    sessionIndex: string;
    sessionNotOnOrAfter?: Date;
    authnContextClassRef: string;
    attributes: SamlAttribute[];
  };
  signing: SigningMode;
  signatureAlgorithm?: SignatureAlgorithm;
}

export interface AuthnRequestInput {
  id: string;
  issueInstant: Date;
  destination: string;
  issuer: string;
  assertionConsumerServiceUrl: string;
  protocolBinding?: string;
  forceAuthn?: boolean;
  isPassive?: boolean;
  nameIdFormat?: string;
  requestedAuthnContext?: RequestedAuthnContext;
}

/** What the IdP reads from an AuthnRequest (saml-core §3.4.1). */
export interface ParsedAuthnRequest {
  id: string;
  version: string;
  issueInstant: Date;
  issuer: string | undefined;
  destination: string | undefined;
  assertionConsumerServiceUrl: string | undefined;
  assertionConsumerServiceIndex: number | undefined;
  protocolBinding: string | undefined;
  forceAuthn: boolean;
  isPassive: boolean;
  nameIdPolicyFormat: string | undefined;
  /** saml-core §3.3.2.2.1, when the SP asks for a kind of authentication. */
  requestedAuthnContext?: RequestedAuthnContext;
  /** True when the request carries an enveloped ds:Signature (POST binding). */
  hasEmbeddedSignature: boolean;
}

export interface IdpMetadataInput {
  entityId: string;
  certificatePem: string;
  ssoRedirectUrl: string;
  ssoPostUrl: string;
  sloUrl?: string;
  nameIdFormats: string[];
  wantAuthnRequestsSigned?: boolean;
}

export interface SpMetadataInput {
  entityId: string;
  assertionConsumerServiceUrl: string;
  authnRequestsSigned: boolean;
  wantAssertionsSigned: boolean;
  nameIdFormat?: string;
  certificatePem?: string;
}

export interface CertificateFingerprints {
  sha1: string;
  sha256: string;
}
