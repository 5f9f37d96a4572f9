// Applications (SAML or Bookmark), the catalog they are created from, and the IdP certificate card.
// Placeholders, certificate parsing, image content, repeated ACS URLs / attribute names: the directory service.
import { NAMEID_FORMAT } from '@samlbridge/protocol';
import { dateTime, nullable, oneOf, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';
import { MAX_RELAY_STATE_BYTES } from '../../../services/directory-applications.js';
import { AssertionEncryption } from './assertion-encryption.js';

/** What SPs accept as an Attribute Name (saml-core §2.7.3.1 allows any string; we stay sane). */
const ATTRIBUTE_NAME = '^[^\\s<>&"\']{1,256}$';
const GROUP_ATTRIBUTE = '^[^\\s<>&"\']{0,256}$';
const IMAGE = '^$|^icon:[a-z]+$|^data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+$';

const KIND = oneOf(['saml', 'bookmark']);
const NAME_ID_SOURCE = oneOf(['username', 'email', 'id']);
const NAME_ID_FORMAT = oneOf(Object.values(NAMEID_FORMAT));
const SIGNING = oneOf(['both', 'assertion', 'response'], { description: 'what the IdP signs (node-saml needs both)' });
const ALGORITHM = oneOf(['rsa-sha256', 'rsa-sha512', 'rsa-sha1']);
const SOURCE = oneOf(['username', 'email', 'firstName', 'lastName', 'id', 'constant']);

export const AttributeMapping = withMessage(
  Type.Object(
    {
      name: withMessage(
        Type.String({ pattern: ATTRIBUTE_NAME, description: 'SAML attribute name: no spaces or <>&"\'' }),
        'must be a non-empty attribute name without spaces or <>&"\'',
      ),
      source: SOURCE,
      value: Type.Optional(Type.String({ maxLength: 1024, description: 'only for source "constant"' })),
      nameFormat: Type.Optional(
        oneOf(['basic', 'uri', 'unspecified'], {
          description: 'saml-core §8.2 Attribute NameFormat; absent → basic. uri for urn:oid: names',
        }),
      ),
      friendlyName: Type.Optional(
        Type.String({ pattern: GROUP_ATTRIBUTE, description: 'saml-core §2.7.3.1 FriendlyName (e.g. mail); absent or empty → none' }),
      ),
    },
    { additionalProperties: false },
  ),
  'must be an object {name, source, value?}',
);

/** Signed AuthnRequests: SAML applications only (returned by GET/POST/PATCH of one application). */
const requestSigning = {
  requireSignedRequests: Type.Boolean({
    description:
      'Refuse AuthnRequests not signed with spCertificatePem (403 request_signature_required / _invalid). Needs spCertificatePem',
  }),
  spCertificatePem: Type.String({ description: "The SP's request-signing certificate(s), PEM; two blocks during a rotation. '' → none" }),
  allowSha1: Type.Boolean({ description: 'Also accept RSA-SHA1 request signatures (default false)' }),
};

/** NameID formats and IdP-initiated RelayState targets: SAML applications only. */
const ssoOptions = {
  allowedNameIdFormats: nullable(Type.Array(Type.String()), {
    description:
      'NameID formats an AuthnRequest NameIDPolicy may ask for, besides nameIdFormat and unspecified (always accepted); null → all four. Others get Requester/InvalidNameIDPolicy',
  }),
  allowedRelayStates: Type.Array(Type.String({ maxLength: 1024 }), {
    maxItems: 20,
    description:
      'IdP-initiated launches (/saml2/{name}?RelayState=…): absolute http(s) URLs accepted as RelayState besides relative paths; an entry ending in "/*" is a prefix. Anything else → defaultRelayState',
  }),
};

const editable = {
  displayLabel: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  image: Type.Optional(
    withMessage(
      nullable(Type.String({ maxLength: 90_000, pattern: IMAGE }), {
        description: "icon:<name> or data:image/(png|jpeg|svg+xml);base64,… (≤ 64 KiB); null or '' → the default icon",
      }),
      'must be icon:<name>, a data:image/…;base64 URL, or null',
    ),
  ),
  showInConsole: Type.Optional(Type.Boolean()),
  idpEntityId: Type.Optional(
    nullable(Type.String({ maxLength: 1024 }), { description: "null or '' → default {IDP_BASE_URL}/saml2/{name}" }),
  ),
  spEntityId: Type.Optional(Type.String({ maxLength: 1024 })),
  acsUrls: Type.Optional(
    withMessage(
      Type.Array(withMessage(Type.String({ format: 'uri', maxLength: 2048 }), 'must be an absolute http(s) URL'), {
        maxItems: 20,
        description: 'http(s); the first is the default ACS',
      }),
      'must be a list of up to 20 URLs (the first is the default)',
    ),
  ),
  defaultRelayState: Type.Optional(Type.String({ maxLength: MAX_RELAY_STATE_BYTES })),
  nameIdSource: Type.Optional(NAME_ID_SOURCE),
  nameIdFormat: Type.Optional(NAME_ID_FORMAT),
  signing: Type.Optional(SIGNING),
  signatureAlgorithm: Type.Optional(ALGORITHM),
  attributes: Type.Optional(
    withMessage(
      Type.Array(AttributeMapping, { maxItems: 50 }),
      'must be a list of up to 50 mappings like {"name": "Email", "source": "email"}',
    ),
  ),
  groupAttribute: Type.Optional(
    withMessage(
      nullable(Type.String({ pattern: GROUP_ATTRIBUTE }), { description: "attribute listing the bound groups; null or '' → none" }),
      'must be an attribute name without spaces or <>&"\'',
    ),
  ),
  bookmarkUrl: Type.Optional(nullable(Type.String({ maxLength: 2048 }), { description: 'bookmark applications only: http(s) URL' })),
  ssoActive: Type.Optional(Type.Boolean()),
  requireSignedRequests: Type.Optional(requestSigning.requireSignedRequests),
  spCertificatePem: Type.Optional(
    nullable(Type.String({ maxLength: 64 * 1024 }), { description: requestSigning.spCertificatePem.description }),
  ),
  allowSha1: Type.Optional(requestSigning.allowSha1),
  allowedNameIdFormats: Type.Optional(
    nullable(Type.Array(NAME_ID_FORMAT, { maxItems: 4 }), { description: ssoOptions.allowedNameIdFormats.description }),
  ),
  allowedRelayStates: Type.Optional(ssoOptions.allowedRelayStates),
  name: Type.Optional(
    withMessage(
      Type.String({
        maxLength: 63,
        pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
        description: '{applicationname} of the SSO IdP URL; derived from displayLabel when absent; not editable',
      }),
      'must end in a URL slug: lowercase letters, digits and "-" (it becomes /saml2/{name})',
    ),
  ),
  ssoUrl: Type.Optional(Type.String({ maxLength: 2048, description: 'alternative to name: the whole SSO IdP URL; not editable' })),
};

export const ApplicationInput = Type.Object(
  { catalog: Type.Optional(Type.String({ maxLength: 100, description: 'catalog entry (default custom-saml)' })), ...editable },
  { additionalProperties: false },
);

export const ApplicationPatch = Type.Object(editable, { additionalProperties: false });

export const Application = Type.Object({
  id: Type.String(),
  kind: KIND,
  catalogId: Type.String(),
  name: Type.String(),
  displayLabel: Type.String(),
  description: Type.String(),
  image: nullable(Type.String()),
  showInConsole: Type.Boolean(),
  idpEntityId: Type.String(),
  idpEntityIdIsDefault: Type.Boolean(),
  ssoUrl: Type.String(),
  metadataUrl: Type.String(),
  spEntityId: Type.String(),
  acsUrls: Type.Array(Type.String()),
  defaultRelayState: Type.String(),
  nameIdSource: NAME_ID_SOURCE,
  nameIdFormat: Type.String(),
  signing: SIGNING,
  signatureAlgorithm: ALGORITHM,
  attributes: Type.Array(AttributeMapping),
  groupAttribute: nullable(Type.String()),
  bookmarkUrl: nullable(Type.String()),
  ssoActive: Type.Boolean(),
  createdAt: dateTime(),
  updatedAt: dateTime(),
});

/** One application (GET, POST, PATCH): with its request-signing settings; GET adds the bound groups. */
export const ApplicationDetail = Type.Composite([
  Application,
  Type.Object({
    ...requestSigning,
    ...ssoOptions,
    groupIds: Type.Optional(Type.Array(Type.String(), { description: 'GET /applications/{id} only' })),
    // GET /applications/{id} only: "Encrypt assertion"; changed with PUT /applications/{id}/assertion-encryption.
    assertionEncryption: Type.Optional(AssertionEncryption),
  }),
]);

export const DeleteApplicationsInput = Type.Object(
  {
    ids: withMessage(
      Type.Array(Type.String({ maxLength: 256 }), { minItems: 1, maxItems: 10_000 }),
      'must list the IDs of the applications to delete (at least one)',
    ),
    count: Type.Union([Type.Integer(), Type.String({ maxLength: 12 })], {
      description: 'must equal the number of distinct IDs (a confirmation)',
    }),
  },
  { additionalProperties: false },
);

export const Deleted = Type.Object({ deleted: Type.Integer() });

export const CatalogQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 256, description: 'search words' })) });

export const CatalogEntry = Type.Object({
  id: Type.String(),
  kind: KIND,
  label: Type.String(),
  description: Type.String(),
  image: Type.String(),
  suggestedName: Type.String(),
  defaults: Type.Object({}, { description: 'SSO settings it starts with (may hold YOURDOMAIN / SUBDOMAIN placeholders)' }),
});

export const Catalog = Type.Object({ items: Type.Array(CatalogEntry) });

const nullableName = () => nullable(Type.String());

export const Certificate = Type.Object({
  pem: Type.String(),
  sha1: Type.String({ pattern: '^([0-9A-F]{2}:){19}[0-9A-F]{2}$' }),
  sha256: Type.String({ pattern: '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' }),
  notAfter: dateTime(),
  standby: nullable(
    Type.Object(
      {
        state: oneOf(['next', 'previous']),
        sha1: Type.String({ pattern: '^([0-9A-F]{2}:){19}[0-9A-F]{2}$' }),
        sha256: Type.String({ pattern: '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' }),
        notAfter: dateTime(),
      },
      { description: 'The other published signing certificate during a key rotation (the next key, or the previous one), else null' },
    ),
  ),
  talentlms: Type.Object(
    {
      identityProvider: Type.String(),
      certificateFingerprint: Type.String(),
      remoteSignInUrl: Type.String(),
      remoteSignOutUrl: Type.String(),
      targetedId: nullableName(),
      firstName: nullableName(),
      lastName: nullableName(),
      email: nullableName(),
    },
    { description: "Exactly what TalentLMS's Single Sign-On (SSO) page asks for" },
  ),
});
