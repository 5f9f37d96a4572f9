// SCIM 2.0 wire constants and message shapes, shared by the IdP's SCIM client and the SP's SCIM
// server so both sides speak from one definition. URNs: RFC 7643 §3 and §8.7 (core schemas),
// RFC 7644 §3.4.2 (ListResponse), §3.5.2 (PatchOp), §3.12 (Error); media type: RFC 7644 §8.1.

export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  /** TalentLMS extension of the User resource: `timezone`, `userType`. */
  talentlmsUser: 'urn:ietf:params:scim:schemas:extension:talentlms:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/**
 * Whether a TalentLMS `userType` names the Super Admin, however it is spelled ("SuperAdmin", "Super Admin",
 * "superadmin", "SUPER_ADMIN"): compatibility forms are folded (NFKC), case is ignored and so is everything
 * that is not a letter, so no spelling slips past a check that rests on it. The one userType comparison of
 * both sides (the SP's SCIM server, the IdP's import).
 */
export function isSuperAdminUserType(userType: unknown): boolean {
  if (typeof userType !== 'string') return false;
  return userType.normalize('NFKC').toLowerCase().replace(/\P{L}/gu, '') === 'superadmin';
}

/** The TalentLMS extension's `userType` of a SCIM User; URN and attribute name match case-insensitively (RFC 7643 §2.1). */
export function talentlmsUserType(user: ScimResource): unknown {
  const ext = caseInsensitive(user, SCIM_SCHEMAS.talentlmsUser);
  return typeof ext === 'object' && ext !== null && !Array.isArray(ext)
    ? caseInsensitive(ext as Record<string, unknown>, 'userType')
    : undefined;
}

function caseInsensitive(o: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : o[key];
}

/** RFC 7644 §8.1. */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** RFC 7644 §3.12 Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** One PATCH operation as a clean RFC 7644 client sends it (servers also accept other cases of `op`). */
export interface ScimPatchOp {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}
export interface ScimResource {
  id: string;
  [key: string]: unknown;
}

/**
 * A User (RFC 7643 §4.1): every singular core attribute (§4.1.1), so that mapping one more of them
 * needs no change here, and the multi-valued ones the mapping sends (§4.1.2).
 */
export interface ScimUser extends ScimResource {
  userName: string;
  name?: {
    formatted?: string;
    familyName?: string;
    givenName?: string;
    middleName?: string;
    honorificPrefix?: string;
    honorificSuffix?: string;
  };
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  password?: string;
  emails?: Array<{ value: string; primary?: boolean; type?: string }>;
}
/** RFC 7644 §3.4.2. */
export interface ScimListResponse<T> {
  schemas?: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}
