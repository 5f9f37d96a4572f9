// The IdP Store: one interface split by aggregate (ARCHITECTURE.md §5). Every method is async so a
// PostgreSQL implementation can be added with the same contract.

import type { IdentityConflict, Maintenance, SweepableSessionStore, ThrottleStore } from '@samlbridge/web';
import type { Admin, ApiKey, Application, EventFilter, Group, IdpEvent, LoginFlow, Page, User, UserRecord } from '../domain.js';
import type { AssertionEncryptionRepository } from './assertion-encryption.js';
import type { InvitationRepository } from './invitations.js';
import type { MfaRepository } from './mfa-types.js';
import type { OutboxStatsRepository } from './outbox-stats.js';
import type { PasskeyRepository } from './passkey-types.js';
import type { ProvisioningPauseRepository } from './provisioning-pauses.js';
import type { ProvisioningStore } from './provisioning-types.js';
import type { SigningKeyRepository } from './signing-keys.js';
import type { SingleLogoutRepository } from './single-logout-types.js';
import type { SloSoapEndpointRepository } from './slo-soap-endpoints.js';
import type { SsoTraceRepository } from './sso-traces.js';

export interface ListOptions {
  limit: number;
  offset: number;
  /**
   * Case-insensitive substring filter ('' or absent: everything); `total` counts the matches. Users
   * match on username, email or "first last" name, groups on name, applications on display label
   * or name. `%` and `_` in it are literal characters, not wildcards.
   */
  search?: string;
}

/** What `update` never changes: the id, and the dates the store keeps itself. Every other field is patchable. */
type FixedUserField = 'id' | 'createdAt' | 'updatedAt';
export type UserPatch = Partial<Omit<UserRecord, FixedUserField>>;

export interface UserRepository {
  /** `hints.password`: the plaintext just hashed into `user.passwordHash`, for provisioning to hold sealed (never stored in clear). */
  insert(user: UserRecord, hints?: { password?: string }): Promise<void>;
  /** `hints.password`: the plaintext just hashed into `patch.passwordHash`, for provisioning to push (never stored in clear). */
  update(id: string, patch: UserPatch, updatedAt: Date, hints?: { password?: string }): Promise<UserRecord | undefined>;
  delete(id: string): Promise<boolean>;
  get(id: string): Promise<UserRecord | undefined>;
  /**
   * By `usernameKey` (@samlbridge/protocol: case, width and composition ignored). Where the identity
   * migration left two users with one key, the one holding it (not flagged) is returned.
   */
  findByUsername(username: string): Promise<UserRecord | undefined>;
  /** By `emailKey`, like findByUsername. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  list(options: ListOptions): Promise<Page<User>>;
  /** Users the identity-key migration flagged (their key was an earlier user's), for the start-up report. */
  identityConflicts(): Promise<IdentityConflict[]>;
}

export interface GroupRepository {
  insert(group: Group): Promise<void>;
  get(id: string): Promise<Group | undefined>;
  findByName(name: string): Promise<Group | undefined>;
  /** Rename / re-describe; returns the updated group (undefined when absent). Name stays unique case-insensitively (409). */
  update(id: string, patch: GroupPatch): Promise<Group | undefined>;
  delete(id: string): Promise<boolean>;
  list(options: ListOptions): Promise<Page<Group>>;
  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<boolean>;
  listMemberIds(groupId: string): Promise<string[]>;
  listGroupIdsOfUser(userId: string): Promise<string[]>;
}

export type GroupPatch = Partial<Pick<Group, 'name' | 'description'>>;

/** `name` (the SSO IdP URL) is fixed at creation; the services never change `kind` or `catalogId` either. */
export type ApplicationPatch = Partial<Omit<Application, 'id' | 'name' | 'createdAt' | 'updatedAt'>>;

export interface ApplicationRepository {
  insert(app: Application): Promise<void>;
  update(id: string, patch: ApplicationPatch, updatedAt: Date): Promise<Application | undefined>;
  delete(id: string): Promise<boolean>;
  get(id: string): Promise<Application | undefined>;
  findByName(name: string): Promise<Application | undefined>;
  list(options: ListOptions): Promise<Page<Application>>;
  bindGroup(applicationId: string, groupId: string): Promise<void>;
  unbindGroup(applicationId: string, groupId: string): Promise<boolean>;
  listBoundGroupIds(applicationId: string): Promise<string[]>;
  /** Applications a group is bound to (the group panel's "Applications" tab). */
  listBoundApplicationIds(groupId: string): Promise<string[]>;
  /** True when the user is a member of at least one group bound to the application. */
  isUserBound(userId: string, applicationId: string): Promise<boolean>;
  /** Applications bound (through a group) to the user, ordered by display label. */
  listBoundToUser(userId: string): Promise<Application[]>;
}

export interface LoginFlowRepository {
  insert(flow: LoginFlow): Promise<void>;
  get(id: string): Promise<LoginFlow | undefined>;
  delete(id: string): Promise<boolean>;
  deleteExpired(now: Date): Promise<number>;
}

/**
 * AuthnRequest IDs the IdP has accepted, per application: one answer per request, shared by every
 * instance on the database. `key` is the SHA-256 (hex) of the request's ID, so its length is bounded
 * whatever the SP sends. A row counts until `expiresAt` (inclusive).
 */
export interface AuthnRequestIdRepository {
  /** Records the key once: true for the first caller, false for every later one (atomic across instances). */
  consume(applicationId: string, key: string, expiresAt: Date): Promise<boolean>;
  /** Deletes rows whose `expiresAt` is before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export interface EventRepository {
  insert(event: IdpEvent): Promise<void>;
  /** Several in one statement (group-commit.ts). */
  insertMany(events: readonly IdpEvent[]): Promise<void>;
  /** Replaces one event's detail (the count of an aggregated rejection). */
  setDetail(id: string, detail: Record<string, unknown>): Promise<void>;
  list(filter: EventFilter & { limit: number; offset: number }): Promise<Page<IdpEvent>>;
}

export interface AdminRepository {
  insert(admin: Admin): Promise<void>;
  findByEmail(email: string): Promise<Admin | undefined>;
  get(id: string): Promise<Admin | undefined>;
}

export interface ApiKeyRepository {
  insert(key: ApiKey): Promise<void>;
  findByName(name: string): Promise<ApiKey | undefined>;
  updateHash(id: string, keyHash: string): Promise<void>;
  listHashes(): Promise<string[]>;
}

/** Sessions: the shared table of @samlbridge/web (getSession/putSession/deleteSession/deleteExpired). */
export type SessionRepository = SweepableSessionStore;

/** Per-application "require signed AuthnRequests" (saml-bindings §3.4.4.1 / §3.5.4). */
export interface RequestSigningSettings {
  /** Refuse AuthnRequests that are not signed by the SP's certificate. */
  requireSignedRequests: boolean;
  /** The SP's signing certificate(s), PEM ('' when none). Several blocks allow rotation. */
  spCertificatePem: string;
  /** Accept RSA-SHA1 request signatures (off by default). */
  allowSha1: boolean;
}

/** No row → signing not required (the default). */
export interface RequestSigningRepository {
  get(applicationId: string): Promise<RequestSigningSettings | undefined>;
  put(applicationId: string, settings: RequestSigningSettings, now: Date): Promise<void>;
}

/** saml-core §8.3.7: the persistent NameID of a user at one application (opaque, stable, never reused). */
export interface PersistentNameIdRepository {
  get(applicationId: string, userId: string): Promise<string | undefined>;
  /**
   * The stored value, or `candidate` stored now when there is none (atomic: two instances racing both
   * get the one value that won). `candidate` must be fresh randomness.
   */
  getOrCreate(applicationId: string, userId: string, candidate: string, now: Date): Promise<string>;
}

/** Per-application SSO options kept apart from the application row. */
export interface SsoOptions {
  /** NameID formats an AuthnRequest's NameIDPolicy may ask for; null → the default list (services/name-id-formats.ts). */
  allowedNameIdFormats: string[] | null;
  /** IdP-initiated RelayState targets beyond relative paths: exact URLs, or prefixes ending in `*`. */
  allowedRelayStates: string[];
}

/** No row → the defaults (`{ allowedNameIdFormats: null, allowedRelayStates: [] }`). */
export interface SsoOptionsRepository {
  get(applicationId: string): Promise<SsoOptions | undefined>;
  put(applicationId: string, options: SsoOptions, now: Date): Promise<void>;
}

export interface Store extends ProvisioningStore {
  users: UserRepository;
  groups: GroupRepository;
  applications: ApplicationRepository;
  sessions: SessionRepository;
  loginFlows: LoginFlowRepository;
  /** AuthnRequest IDs already accepted (one answer per request). */
  authnRequestIds: AuthnRequestIdRepository;
  events: EventRepository;
  admins: AdminRepository;
  apiKeys: ApiKeyRepository;
  /** login throttling counters (web's ThrottleStore). */
  loginThrottle: ThrottleStore;
  /** per-application "require signed AuthnRequests" + the SP certificate. */
  requestSigning: RequestSigningRepository;
  /** per-application "Encrypt assertion" + the SP's encryption certificate. */
  assertionEncryption: AssertionEncryptionRepository;
  /** The IdP's signing keys: which one signs, which are published (keys/keyring.ts). */
  signingKeys: SigningKeyRepository;
  /** Single Logout: session participants, ended sessions, SLO endpoints, logout chains. */
  singleLogout: SingleLogoutRepository;
  /** per-application SOAP (back-channel) SingleLogoutService URL. */
  sloSoapEndpoints: SloSoapEndpointRepository;
  /** persistent NameIDs per application and user. */
  persistentNameIds: PersistentNameIdRepository;
  /** per-application NameID formats and RelayState allow-list. */
  ssoOptions: SsoOptionsRepository;
  /** Housekeeping (stale throttle rows, events retention) and the /readyz write probe (web's kysely/maintenance). */
  maintenance: Maintenance;
  /** Outbox depth and age for /metrics. */
  outboxStats: OutboxStatsRepository;
  /** second factors, recovery codes, MFA policy (mfa-types.ts). */
  mfa: MfaRepository;
  /** per-integration provisioning pauses (rate limit, quota, outage) shared by every worker. */
  provisioningPauses: ProvisioningPauseRepository;
  /** per-login SAML traces (sso-traces.ts). */
  ssoTraces: SsoTraceRepository;
  /** passkeys: one-time WebAuthn challenges, the passkey-only setting (passkey-types.ts). */
  passkeys: PasskeyRepository;
  /** single-use set-password links (invitations.ts). */
  invitations: InvitationRepository;
  close(): Promise<void>;
}
