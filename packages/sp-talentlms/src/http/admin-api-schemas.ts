// Schemas of the SP admin API (bearer SP_ADMIN_API_KEY): SSO settings, audit events, LMS users, SCIM key, account.
// Fingerprint and certificate parsing, URL schemes and control characters stay in sso/settings.ts.
import { DEFAULT_WORDING, dateTime, type MountOptions, nullable, oneOf, type ProblemWording, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

/** The SP's words (sso/settings.ts writes them the same way). */
const WORDING: ProblemWording = {
  ...DEFAULT_WORDING,
  required: 'Required',
  unknownField: 'Unknown setting',
  string: 'Must be text',
  boolean: 'Must be true or false',
  object: 'Must be an object',
  list: 'Must be a list',
  oneOf: (values) => `Must be one of: ${values.join(', ')}`,
  wholeNumber: (min, max) => `Must be a whole number from ${min} to ${max}`,
  maxLength: (n) => `Must be at most ${n} characters`,
  minLength: (n) => (n === 1 ? 'Must not be empty' : `Must be at least ${n} characters`),
};

export const SP_CHECKS: MountOptions = {
  invalidCode: 'invalid_settings',
  wording: WORDING,
  summary: (problems) => `The request has ${problems.length} problem(s): ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
};

export const ApiError = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

const text = (maxLength: number, description?: string) => Type.Optional(nullable(Type.String({ maxLength }), { description }));
const url = (description: string) => text(2048, description);
const attribute = () => Type.Optional(nullable(Type.String({ maxLength: 256 })));

const attributes = {
  targetedId: Type.String({ description: 'attribute carrying the TalentLMS username (TargetedID)' }),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
};

/** A partial update: absent fields keep their value; null or '' clears a text field. */
export const SsoSettingsInput = Type.Object(
  {
    integrationType: Type.Optional(
      withMessage(
        oneOf(['none', 'saml2'], { description: 'none: single sign-on off (the SAML settings are kept); saml2: SAML2.0' }),
        'Must be none (single sign-on off) or saml2 (SAML2.0)',
      ),
    ),
    idpEntityId: text(1024, 'Identity provider (IdP): the IdP entity ID'),
    certificateFingerprints: Type.Optional(
      withMessage(
        Type.Union([Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }), Type.String({ maxLength: 4000 })], {
          description: 'SHA-1 (as TalentLMS asks) or SHA-256, any case, with or without colons; a string may list several by line or comma',
        }),
        'Must be a list of fingerprints',
      ),
    ),
    certificatePem: Type.Optional(
      withMessage(nullable(Type.String({ maxLength: 64 * 1024, description: 'PEM certificate block(s)' })), 'Must be text (PEM)'),
    ),
    remoteSignInUrl: url('the IdP SSO URL, e.g. https://idp.example/saml2/talentlms'),
    remoteSignOutUrl: url('where sign-out sends people'),
    idpSingleLogoutUrl: url("the IdP's SingleLogoutService URL (SAML Single Logout)"),
    idpMetadataUrl: url("where 'Save and check configuration' reads the IdP metadata; empty → remote sign-in URL + /metadata"),
    spEntityId: text(1024, "SP entity ID override; empty → the tenant's hostname"),
    attributes: Type.Optional(
      withMessage(
        Type.Object(
          { targetedId: attribute(), firstName: attribute(), lastName: attribute(), email: attribute() },
          { additionalProperties: false },
        ),
        'Must be an object {targetedId, firstName, lastName, email}',
      ),
    ),
    allowUnsolicited: Type.Optional(Type.Boolean({ description: 'accept IdP-initiated Responses' })),
    signAuthnRequests: Type.Optional(Type.Boolean({ description: 'not supported yet: only false' })),
    requireSignedAssertion: Type.Optional(Type.Boolean()),
    allowSha1: Type.Optional(Type.Boolean({ description: 'accept rsa-sha1 / sha1 digests' })),
    requireEncryptedAssertions: Type.Optional(Type.Boolean({ description: 'refuse assertions that are not encrypted' })),
    allowCbcEncryption: Type.Optional(Type.Boolean({ description: 'also decrypt AES-CBC (old IdPs); otherwise AES-GCM only' })),
    useSamlSingleLogout: Type.Optional(Type.Boolean({ description: 'sign-out sends a SAML LogoutRequest to the IdP' })),
    configured: Type.Optional(Type.Boolean({ description: 'read-only: ignored' })),
    sp: Type.Optional(Type.Object({}, { description: 'read-only (as GET returns it): ignored' })),
  },
  { additionalProperties: false },
);

export const SsoSettings = Type.Object({
  integrationType: oneOf(['none', 'saml2']),
  idpEntityId: Type.String(),
  certificateFingerprints: Type.Array(Type.String({ pattern: '^[0-9A-F]{2}(:[0-9A-F]{2})+$' })),
  certificatePem: Type.String(),
  remoteSignInUrl: Type.String(),
  remoteSignOutUrl: Type.String(),
  idpSingleLogoutUrl: Type.String(),
  useSamlSingleLogout: Type.Boolean(),
  idpMetadataUrl: Type.String(),
  attributes: Type.Object(attributes),
  allowUnsolicited: Type.Boolean(),
  signAuthnRequests: Type.Boolean(),
  requireSignedAssertion: Type.Boolean(),
  allowSha1: Type.Boolean(),
  spEntityId: Type.String(),
  requireEncryptedAssertions: Type.Boolean(),
  allowCbcEncryption: Type.Boolean(),
  configured: Type.Boolean(),
  sp: Type.Object({ entityId: Type.String(), acsUrl: Type.String(), metadataUrl: Type.String() }, { description: 'what to give the IdP' }),
});

export const EventsQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) });

export const AuditEvent = Type.Object({
  id: Type.Integer(),
  tenant: Type.String(),
  type: Type.String(),
  time: dateTime(),
  success: Type.Boolean(),
  reason: nullable(Type.String()),
  user: nullable(Type.String()),
  detail: nullable(Type.String()),
});

export const Events = Type.Object({ events: Type.Array(AuditEvent) });

export const LmsUser = Type.Object({
  id: Type.Integer(),
  tenant: Type.String(),
  login: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  active: Type.Boolean(),
  role: oneOf(['superadmin', 'learner']),
  createdVia: oneOf(['sso', 'local', 'scim']),
  createdAt: dateTime(),
  updatedAt: dateTime(),
  lastLoginAt: nullable(dateTime()),
  deletedAt: nullable(dateTime(), { description: 'in the trash since' }),
  externalId: nullable(Type.String()),
  displayName: Type.String(),
  formattedName: Type.String(),
  timezone: nullable(Type.String()),
  userType: nullable(Type.String()),
});

export const Users = Type.Object({ users: Type.Array(LmsUser) });

export const ScimStatus = Type.Object({
  enabled: Type.Boolean(),
  active: Type.Boolean({ description: 'a key exists and SSO is configured: requests with the key are served' }),
  ssoConfigured: Type.Boolean(),
  baseUrl: Type.String(),
});

export const ScimKey = Type.Object({
  apiKey: Type.String({ description: 'shown in this response only; the old key stops working' }),
  baseUrl: Type.String(),
});

export const Account = Type.Object({ timezone: Type.String({ description: 'IANA time zone, e.g. Europe/Athens' }) });
export const AccountInput = Type.Object(
  { timezone: withMessage(Type.String({ maxLength: 100 }), 'Send {"timezone": "<IANA time zone>"}') },
  { additionalProperties: false },
);

export const COMPONENTS = { Error: ApiError, SsoSettingsInput, SsoSettings, AuditEvent, LmsUser, ScimStatus, ScimKey, Account };
