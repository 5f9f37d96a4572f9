// The SP's storage, split by aggregate (ARCHITECTURE.md §5): one implementation on Kysely (index.ts), the same
// repositories on SQLite and PostgreSQL.
import { SamlbridgeError } from '@samlbridge/errors';
import type { ResponseCheck } from '@samlbridge/protocol';
import type { IdentityConflict, Maintenance, SweepableSessionStore, ThrottleStore } from '@samlbridge/web';
import type { SsoSettings } from '../sso/settings.js';
import type { FilterNode, GroupAttr, UserAttr } from './filter.js';
import type { SentAuthnRequestRepo } from './sent-authn-requests.js';

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
export interface UserFields {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  formattedName: string;
  externalId: string | null;
  active: boolean;
  timezone: string | null;
  userType: string | null;
  /** undefined keeps the current password; null removes local sign-in. */
  passwordHash?: string | null;
}

/** A page of a filtered search; `startIndex` is 1-based (RFC 7644 §3.4.2.4). */
export interface PageQuery<A extends string> {
  filter?: FilterNode<A>;
  startIndex: number;
  count: number;
}

/** A unique constraint refused the write: `field` names what is taken. */
export class UniqueViolation extends SamlbridgeError {
  constructor(readonly field: 'login' | 'email' | 'groupName') {
    super('uniqueness', `${field === 'login' ? 'userName' : field === 'email' ? 'email' : 'displayName'} is not unique`, {
      status: 409,
      details: { field },
    });
  }
}

export interface NewUser {
  tenant: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  role: UserRole;
  createdVia: 'sso' | 'local' | 'scim';
  passwordHash: string | null;
  active?: boolean;
  externalId?: string | null;
  displayName?: string;
  formattedName?: string;
  timezone?: string | null;
  userType?: string | null;
}

export interface UserRepo {
  /**
   * By usernameKey (@samlbridge/protocol: userName is caseExact=false; case, width and accent encoding
   * ignored); trashed users included (their login stays reserved).
   */
  findByLogin(tenant: string, login: string): Promise<LmsUser | undefined>;
  /** Trashed users included (check `deletedAt`). */
  findById(tenant: string, id: number): Promise<LmsUser | undefined>;
  /** Throws UniqueViolation('login' | 'email'): login unique by usernameKey, non-empty email unique by emailKey in the tenant, trashed included. */
  create(user: NewUser, now: Date): Promise<LmsUser>;
  /** Re-syncs the profile fields the IdP owns. Throws UniqueViolation('email'). */
  updateProfile(tenant: string, id: number, profile: { email: string; firstName: string; lastName: string }, now: Date): Promise<void>;
  touchLogin(tenant: string, id: number, now: Date): Promise<void>;
  setActive(tenant: string, id: number, active: boolean, now: Date): Promise<void>;
  /** Users ordered by login; the trash only when `trashed` is true, otherwise users not in the trash. */
  list(tenant: string, options?: { trashed?: boolean }): Promise<LmsUser[]>;
  /** Filtered page of users not in the trash, ordered by id; the filter runs in SQL. */
  search(tenant: string, query: PageQuery<UserAttr>): Promise<{ total: number; users: LmsUser[] }>;
  /** Replaces every SCIM-writable field in one statement; throws UniqueViolation. Returns the updated user. */
  replace(tenant: string, id: number, fields: UserFields, now: Date): Promise<LmsUser>;
  /** Moves to the trash (soft delete); false when absent or already there. */
  trash(tenant: string, id: number, now: Date): Promise<boolean>;
  /** Takes out of the trash; false when the user is not in the trash. */
  restore(tenant: string, id: number, now: Date): Promise<boolean>;
  /** Permanent delete (only from the trash): the row and its group memberships go; the email is released. */
  purge(tenant: string, id: number): Promise<boolean>;
  /** Which of `ids` are users of the tenant not in the trash. */
  existingIds(tenant: string, ids: number[]): Promise<number[]>;
  /** Users the identity-key migration flagged (their key was an earlier user's), for the start-up report. */
  identityConflicts(): Promise<IdentityConflict[]>;
}

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

export interface GroupRepo {
  findById(tenant: string, id: number, options?: { members?: boolean }): Promise<LmsGroup | undefined>;
  /** Filtered page ordered by id; members loaded only when asked (`excludedAttributes=members` skips them). */
  search(tenant: string, query: PageQuery<GroupAttr> & { members: boolean }): Promise<{ total: number; groups: LmsGroup[] }>;
  /** displayName unique case-insensitively per tenant: throws UniqueViolation('groupName'). */
  create(g: { tenant: string; displayName: string; externalId: string | null; memberIds: number[] }, now: Date): Promise<LmsGroup>;
  /** One transaction: name/externalId and member deltas. Throws UniqueViolation('groupName'). */
  update(tenant: string, id: number, change: GroupChange, now: Date): Promise<void>;
  delete(tenant: string, id: number): Promise<boolean>;
}

/** Per-tenant account settings: the account time zone and the SCIM enablement (key kept as a SHA-256 hash). */
export interface AccountSettings {
  timezone: string;
  scimEnabled: boolean;
  scimTokenHash: string | null;
}

export interface AccountRepo {
  get(tenant: string): Promise<AccountSettings | undefined>;
  put(tenant: string, settings: AccountSettings, now: Date): Promise<void>;
}

export interface RateLimitRepo {
  /** Atomically counts one request in the fixed window `windowStart` for `key`, returns the count so far; forgets older windows. */
  hit(key: string, windowStart: Date): Promise<number>;
}

export interface SettingsRepo {
  get(tenant: string): Promise<SsoSettings | undefined>;
  put(tenant: string, settings: SsoSettings, now: Date): Promise<void>;
}

export interface PendingRequestRepo {
  add(tenant: string, id: string, expiresAt: Date): Promise<void>;
  /** Atomically removes the request when it exists and has not expired; true when it did. */
  consume(tenant: string, id: string, now: Date): Promise<boolean>;
}

export interface ReplayRepo {
  /** Atomic insert-if-absent: true when the assertion ID was new (and is now remembered until expiresAt). */
  remember(tenant: string, assertionId: string, expiresAt: Date, now: Date): Promise<boolean>;
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

export interface EventRepo {
  /** Returns the new row's id. */
  add(event: NewAuditEvent): Promise<number>;
  /** Replaces one event's detail (the count of an aggregated rejection). */
  setDetail(id: number, detail: string | null): Promise<void>;
  list(tenant: string, { limit }: { limit: number }): Promise<AuditEvent[]>;
}

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

export interface SignInTraceRepo {
  add(trace: SignInTrace): Promise<void>;
  /** Newest first, without the Response (the list page). */
  list(tenant: string, { limit }: { limit: number }): Promise<Array<Omit<SignInTrace, 'responseXml'>>>;
  get(tenant: string, id: string): Promise<SignInTrace | undefined>;
  /** Deletes up to `batch` traces whose expiry has passed; returns how many. */
  sweep(now: Date, { batch }: { batch: number }): Promise<number>;
}

export interface Store {
  users: UserRepo;
  sessions: SweepableSessionStore;
  settings: SettingsRepo;
  pendingRequests: PendingRequestRepo;
  replay: ReplayRepo;
  events: EventRepo;
  signInTraces: SignInTraceRepo;
  /** The AuthnRequests this SP sent, for the sign-in trace. */
  sentAuthnRequests: SentAuthnRequestRepo;
  groups: GroupRepo;
  account: AccountRepo;
  rateLimits: RateLimitRepo;
  /** login throttling / lockout counters. */
  loginThrottle: ThrottleStore;
  /** Single Logout: ended IdP sessions (by SessionIndex). */
  endedSamlSessions: EndedSamlSessionRepo;
  /** Housekeeping (stale throttle rows, events retention) and the /readyz write probe (web's kysely/maintenance). */
  maintenance: Maintenance;
  close(): Promise<void>;
}

export interface EndedSamlSessionRepo {
  end(tenant: string, sessionIndex: string, expiresAt: Date, now: Date): Promise<void>;
  isEnded(tenant: string, sessionIndex: string): Promise<boolean>;
}

/** What applies when a user has no time zone / user type of their own (TalentLMS account defaults). */
export const ACCOUNT_DEFAULTS = { timezone: 'UTC', userType: 'Learner-Type' } as const;
