// Discovery documents (RFC 7644 §4, RFC 7643 §5–§7): ServiceProviderConfig, ResourceTypes, Schemas.
import { SCIM_SCHEMAS } from '@samlbridge/protocol';

export const SCHEMA = {
  user: SCIM_SCHEMAS.user,
  group: SCIM_SCHEMAS.group,
  talentlms: SCIM_SCHEMAS.talentlmsUser,
  listResponse: SCIM_SCHEMAS.listResponse,
  patchOp: SCIM_SCHEMAS.patchOp,
  spConfig: SCIM_SCHEMAS.serviceProviderConfig,
  resourceType: SCIM_SCHEMAS.resourceType,
  schema: SCIM_SCHEMAS.schema,
  // RFC 7644 §3.4.3
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  /** Entra ID sends the enterprise User extension (RFC 7643 §4.3) by default: accepted in PATCH and ignored. */
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
} as const;

export const MAX_RESULTS = 1000;
export const DEFAULT_COUNT = 100;

export interface Attr {
  name: string;
  type: 'string' | 'boolean' | 'dateTime' | 'reference' | 'complex';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server' | 'global';
  subAttributes?: Attr[];
  referenceTypes?: string[];
  canonicalValues?: string[];
  description?: string;
  /** Not an RFC 7643 characteristic: a PATCH may not leave this attribute unassigned (400 mutability). */
  keepsValue?: true;
}

/** Fills RFC 7643 §7 defaults so every attribute definition is complete. */
function attr(a: Attr): Record<string, unknown> {
  const { subAttributes, keepsValue: _internal, ...rest } = a;
  return {
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    description: '',
    ...rest,
    ...(subAttributes ? { subAttributes: subAttributes.map(attr) } : {}),
  };
}

export const USER_ATTRS: Attr[] = [
  { name: 'userName', type: 'string', required: true, uniqueness: 'server', description: 'Unique login (case-insensitive)' },
  {
    name: 'name',
    type: 'complex',
    subAttributes: [
      { name: 'formatted', type: 'string', description: 'TalentLMS Display Name' },
      { name: 'givenName', type: 'string', description: 'First name' },
      { name: 'familyName', type: 'string', description: 'Last name' },
    ],
  },
  { name: 'displayName', type: 'string' },
  {
    name: 'active',
    type: 'boolean',
    keepsValue: true,
    description:
      'false: the user cannot sign in (SSO or password). Absent on create: true. It cannot be removed (PATCH remove → 400 mutability): replace it with false to deactivate',
  },
  { name: 'password', type: 'string', mutability: 'writeOnly', returned: 'never', description: 'Enables local sign-in' },
  {
    name: 'emails',
    type: 'complex',
    multiValued: true,
    description:
      'One email per user (the primary one, else the work one, else the first), unique across the account including users in the trash; it is kept and returned as type "work"',
    subAttributes: [
      { name: 'value', type: 'string' },
      {
        name: 'type',
        type: 'string',
        canonicalValues: ['work'],
        description: 'Always "work": other types are accepted and kept as "work"',
      },
      { name: 'primary', type: 'boolean' },
    ],
  },
  {
    name: 'groups',
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      { name: 'value', type: 'string', mutability: 'readOnly' },
      { name: 'display', type: 'string', mutability: 'readOnly' },
    ],
  },
];

export const TALENTLMS_ATTRS: Attr[] = [
  { name: 'timezone', type: 'string', description: 'IANA time zone; absent → the account time zone' },
  { name: 'userType', type: 'string', description: 'TalentLMS user type; absent → Learner-Type' },
];

export const GROUP_ATTRS: Attr[] = [
  { name: 'displayName', type: 'string', required: true, uniqueness: 'server' },
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    subAttributes: [
      { name: 'value', type: 'string', caseExact: true, mutability: 'immutable' },
      { name: 'display', type: 'string', mutability: 'readOnly' },
      { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable' },
      { name: 'type', type: 'string', canonicalValues: ['User'], mutability: 'immutable' },
    ],
  },
];

export function schemaDocuments(base: string) {
  const doc = (id: string, name: string, description: string, attributes: Attr[]) => ({
    schemas: [SCHEMA.schema],
    id,
    name,
    description,
    attributes: attributes.map(attr),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
  });
  return [
    doc(SCHEMA.user, 'User', 'User Account', USER_ATTRS),
    doc(SCHEMA.group, 'Group', 'TalentLMS group', GROUP_ATTRS),
    doc(SCHEMA.talentlms, 'TalentLMSUser', 'TalentLMS user extension', TALENTLMS_ATTRS),
  ];
}

export function resourceTypeDocuments(base: string) {
  return [
    {
      schemas: [SCHEMA.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCHEMA.user,
      schemaExtensions: [{ schema: SCHEMA.talentlms, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [SCHEMA.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'TalentLMS group',
      schema: SCHEMA.group,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function serviceProviderConfig(base: string, docsUrl: string) {
  return {
    schemas: [SCHEMA.spConfig],
    documentationUri: docsUrl,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: true },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'API key',
        description: 'Authorization: Bearer <API key from Account & Settings → Users → Single Sign-On (SSO)>',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function listResponse<T>(resources: T[], total: number, startIndex: number) {
  return { schemas: [SCHEMA.listResponse], totalResults: total, itemsPerPage: resources.length, startIndex, Resources: resources };
}
