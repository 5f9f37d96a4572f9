// The SP's storage, split by aggregate (ARCHITECTURE.md §5): one implementation on Kysely, the same repositories on
// SQLite and PostgreSQL. `Store` is what index.ts `repositories` builds (each method declared once, where it is
// written); the records the repositories read and write are here.
import { SamlbridgeError } from '@samlbridge/errors';
import type { ResponseCheck } from '@samlbridge/protocol';
import { SP_ERRORS, type SpErrorCode } from '../sp-errors.js';
import type { FilterNode } from './filter.js';
import type { repositories } from './index.js';

export type UserRole = 'superadmin' | 'learner';

export interface LmsUser {
  id: number;
  tenant: string;
  /** The TargetedID the IdP sends (TalentLMS "username"). */
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  active: boolean;
  role: UserRole;
  createdVia: 'sso' | 'local' | 'scim';
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
  /** SCIM externalId (the IdP's ID for this user), case-exact. */
  externalId: string | null;
  /** SCIM displayName. */
  displayName: string;
  /** SCIM name.formatted (TalentLMS "Display Name"). */
  formattedName: string;
  /** IANA time zone; null → the account's time zone. */
  timezone: string | null;
  /** TalentLMS user type; null → `Learner-Type` (or `SuperAdmin` for the Super Admin). */
  userType: string | null;
  /** Set when the user is in the trash (soft-deleted): cannot sign in, hidden from SCIM, email still reserved. */
  deletedAt: Date | null;
}

/** Every field SCIM can write, replaced as a whole in one statement (PUT/PATCH are atomic). */
export type UserFields = Pick<
  LmsUser,
  'login' | 'email' | 'firstName' | 'lastName' | 'displayName' | 'formattedName' | 'externalId' | 'active' | 'timezone' | 'userType'
> & {
  /** undefined keeps the current password; null removes local sign-in. */
  passwordHash?: string | null;
};

/** A page of a filtered search; `startIndex` is 1-based (RFC 7644 §3.4.2.4). */
export interface PageQuery<A extends string> {
  filter?: FilterNode<A>;
  startIndex: number;
  count: number;
}

/** A unique constraint refused the write: `field` names what is taken. */
export class UniqueViolation extends SamlbridgeError {
  constructor(readonly field: 'login' | 'email' | 'groupName') {
    super(
      'uniqueness' satisfies SpErrorCode,
      `${field === 'login' ? 'userName' : field === 'email' ? 'email' : 'displayName'} is not unique`,
      {
        status: SP_ERRORS.uniqueness.status,
        details: { field },
      },
    );
  }
}

/** A user to create: the SCIM attributes not given take their defaults (active, no externalId, names ''). */
export type NewUser = Pick<LmsUser, 'tenant' | 'login' | 'email' | 'firstName' | 'lastName' | 'role' | 'createdVia' | 'passwordHash'> &
  Partial<Pick<LmsUser, 'active' | 'externalId' | 'displayName' | 'formattedName' | 'timezone' | 'userType'>>;

export interface GroupMember {
  id: number;
  login: string;
}

export interface LmsGroup {
  id: number;
  tenant: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Members not in the trash; undefined when not loaded. */
  members?: GroupMember[];
}

export interface GroupChange {
  displayName?: string;
  externalId?: string | null;
  /** Replace the whole member list, then apply add/remove. */
  replaceMembers?: number[];
  addMembers?: number[];
  removeMembers?: number[];
}

/** Per-tenant account settings: the account time zone and the SCIM enablement (key kept as a SHA-256 hash). */
export interface AccountSettings {
  timezone: string;
  scimEnabled: boolean;
  scimTokenHash: string | null;
}

export interface AuditEvent {
  id: number;
  tenant: string;
  type: string;
  time: Date;
  success: boolean;
  reason: string | null;
  user: string | null;
  detail: string | null;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

/** One sign-in at the ACS as the admin's sign-in log shows it (what is kept: SECURITY.md "Sign-in traces"). */
export interface SignInTrace {
  id: string;
  tenant: string;
  at: Date;
  expiresAt: Date;
  success: boolean;
  reason: string | null;
  user: string | null;
  acsUrl: string;
  binding: string;
  inResponseTo: string | null;
  checks: ResponseCheck[];
  responseXml: string | null;
  signed: { response: boolean; assertion: boolean; encrypted: boolean } | null;
}

export interface Store extends ReturnType<typeof repositories> {
  close(): Promise<void>;
}

/** What applies when a user has no time zone / user type of their own (TalentLMS account defaults). */
export const ACCOUNT_DEFAULTS = { timezone: 'UTC', userType: 'Learner-Type' } as const;
