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
  | 'NoAuthnContext'
  | 'PartialLogout'
  | 'UnknownPrincipal';

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
  /** saml-core §2.7.3.1 FriendlyName: a human-readable form of Name (e.g. `mail` for an OID). */
  friendlyName?: string;
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
    /** saml-core §2.2.2 NameQualifier (persistent: the IdP entity ID, §8.3.7). */
    nameQualifier?: string;
    /** saml-core §2.2.2 SPNameQualifier (persistent: the SP entity ID, §8.3.7). */
    spNameQualifier?: string;
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
  /** saml-core §2.3.4, §6.2: the assertion, once signed, goes encrypted for this recipient as saml:EncryptedAssertion. */
  encryptAssertion?: AssertionEncryption;
}

/** The service provider's encryption certificate and the algorithms (xmlenc-core1) to encrypt its assertions with. */
export interface AssertionEncryption {
  /** PEM certificate with the SP's RSA encryption key (its metadata's KeyDescriptor use="encryption"). */
  certificatePem: string;
  /** Default `aes256-gcm`; CBC only for SPs that cannot do GCM. */
  blockEncryption?: 'aes256-gcm' | 'aes128-gcm' | 'aes256-cbc' | 'aes128-cbc';
  /** Default `rsa-oaep-mgf1p` (SHA-1 OAEP, what every SAML SP reads); `rsa-oaep-sha256` is xmlenc 1.1 rsa-oaep with SHA-256. */
  keyTransport?: 'rsa-oaep-mgf1p' | 'rsa-oaep-sha256';
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
  /** NameIDPolicy AllowCreate (default `true` when nameIdFormat is set); `null` leaves the attribute out. */
  allowCreate?: boolean | null;
  /** NameIDPolicy SPNameQualifier. */
  spNameQualifier?: string;
  requestedAuthnContext?: RequestedAuthnContext;
}

/** saml-core §3.4.1.1 NameIDPolicy as read from an AuthnRequest. */
export interface NameIdPolicy {
  format: string | undefined;
  spNameQualifier: string | undefined;
  /** Undefined when the attribute is absent (the IdP decides what absence means). */
  allowCreate: boolean | undefined;
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
  /** The whole NameIDPolicy element, when present. */
  nameIdPolicy: NameIdPolicy | undefined;
  /** saml-core §3.3.2.2.1, when the SP asks for a kind of authentication. */
  requestedAuthnContext?: RequestedAuthnContext;
  /** True when the request carries an enveloped ds:Signature (POST binding). */
  hasEmbeddedSignature: boolean;
}

/** saml-metadata §2.2.2 EndpointType (Binding, Location, optional ResponseLocation). */
export interface MetadataEndpoint {
  binding: string;
  location: string;
  responseLocation?: string;
}

export interface IdpMetadataInput {
  entityId: string;
  /** The signing certificate, or several during a key rotation (each its own KeyDescriptor use="signing"). */
  certificatePem: string | readonly string[];
  ssoRedirectUrl: string;
  ssoPostUrl: string;
  /** Shorthand: one SingleLogoutService per binding (Redirect and POST) at this URL. */
  sloUrl?: string;
  /** SingleLogoutService endpoints, written in this order (after those of `sloUrl`). */
  singleLogoutServices?: MetadataEndpoint[];
  nameIdFormats: string[];
  wantAuthnRequestsSigned?: boolean;
  /** saml-metadata §2.3.2 EntityDescriptor ID (needed when the metadata is signed). */
  id?: string;
  /** saml-metadata §2.3.2 validUntil: relying parties discard the metadata after this instant. */
  validUntil?: Date;
  /** saml-metadata §2.3.2 cacheDuration (xs:duration) in whole seconds: how long a relying party may cache it. */
  cacheDurationSeconds?: number;
}

/** saml-metadata §2.4.1.1: the SP's KeyDescriptor use="encryption" and the EncryptionMethods it accepts. */
export interface SpEncryptionKeyInput {
  certificatePem: string;
  /** xmlenc algorithm URIs, most preferred first. */
  encryptionMethods: readonly string[];
}

export interface SpMetadataInput {
  entityId: string;
  assertionConsumerServiceUrl: string;
  authnRequestsSigned: boolean;
  wantAssertionsSigned: boolean;
  nameIdFormat?: string;
  certificatePem?: string;
  /** Published as KeyDescriptor use="encryption": IdPs encrypt assertions for this key. */
  encryption?: SpEncryptionKeyInput;
  /** The SP's SingleLogoutService URL, published for HTTP-Redirect and HTTP-POST (saml-metadata §2.2.2). */
  singleLogoutServiceUrl?: string;
  /** The SP's back-channel SingleLogoutService URL, published with the SOAP binding (saml-bindings §3.2). */
  singleLogoutSoapUrl?: string;
}

export interface CertificateFingerprints {
  sha1: string;
  sha256: string;
}
