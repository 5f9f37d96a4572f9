// Store members of the provisioning engine: the outbox, the links between directory
// objects and their copies in an application, IdM integrations and portal notifications.
// Every method is async so the PostgreSQL store implements the same contract.
import type { Page, UserRecord } from '../domain.js';
import type { ListOptions, Store } from './types.js';

/** What a row asks the worker to do for one directory object in one application. */
export type OutboxAction =
  | 'user.upsert'
  | 'user.update'
  | 'user.password'
  | 'user.deactivate'
  | 'user.delete'
  | 'group.sync'
  | 'group.delete';

export type OutboxStatus = 'pending' | 'done' | 'failed';

export interface NewOutboxEntry {
  applicationId: string;
  /** `user:<id>` or `group:<id>`: rows of one subject are delivered strictly in `seq` order. */
  subject: string;
  action: OutboxAction;
  /** JSON: snapshot and changed attributes (passwords only as AES-256-GCM ciphertext). */
  payload: Record<string, unknown>;
}

export interface OutboxEntry extends NewOutboxEntry {
  /** Monotonic sequence (insertion order). */
  seq: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OutboxCounts {
  pending: number;
  failed: number;
  done: number;
}

export interface OutboxRepository {
  enqueue(entries: NewOutboxEntry[], now: Date): Promise<void>;
  /**
   * Atomically leases up to `limit` due rows to `owner` until `now + leaseMs`: only the oldest
   * pending row of each subject (so per-subject order holds), never a row another worker holds
   * an unexpired lease on. SQLite: one write transaction; PostgreSQL: `FOR UPDATE SKIP LOCKED`.
   */
  claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]>;
  /** Extends `owner`'s leases on these pending rows to `until` (a working instance keeps short leases alive). */
  renewLeases(owner: string, seqs: number[], until: Date): Promise<number>;
  /** Gives back every pending row `owner` still leases (a stopping instance): another worker may take them at once. */
  releaseLeases(owner: string): Promise<number>;
  /** Marks the row done, only while `owner` still holds it. Returns false when the lease was lost. */
  complete(seq: number, owner: string, now: Date): Promise<boolean>;
  /** Back to pending, due at `nextAttemptAt`, attempts + 1 when `countAttempt`. */
  retry(seq: number, owner: string, nextAttemptAt: Date, error: string, now: Date, countAttempt?: boolean): Promise<boolean>;
  /** Permanent failure (kept for the portal, no more attempts). */
  fail(seq: number, owner: string, error: string, now: Date): Promise<boolean>;
  counts(applicationId: string): Promise<OutboxCounts>;
  /** Pending rows of one subject (per-user status: "changes waiting"). */
  pendingCount(applicationId: string, subject: string): Promise<number>;
  /** Whether any of these subjects has a pending row (a group waits for its members), in one query per 500 subjects. */
  anyPending(applicationId: string, subjects: string[]): Promise<boolean>;
  /** Earliest `nextAttemptAt` of a pending row, so an idle worker knows when to wake. */
  nextDueAt(): Promise<Date | undefined>;
  /** Deletes done rows older than `before`. */
  purgeDone(before: Date): Promise<number>;
}

export type LinkKind = 'user' | 'group';
export type LinkState = 'active' | 'deactivated' | 'failed';

/** A directory user or group and its copy in an application (remote SCIM id), with the last outcome. */
export interface ProvisioningLink {
  applicationId: string;
  kind: LinkKind;
  localId: string;
  /** SCIM `id` at the SP; null until created or found. */
  remoteId: string | null;
  /** userName / displayName as last sent. */
  remoteName: string;
  state: LinkState;
  /** Groups: SCIM ids of the members last pushed (for member deltas). */
  remoteMembers: string[];
  lastAction: string | null;
  lastSuccess: boolean | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
}

export interface ProvisioningLinkRepository {
  get(applicationId: string, kind: LinkKind, localId: string): Promise<ProvisioningLink | undefined>;
  findByRemoteId(applicationId: string, kind: LinkKind, remoteId: string): Promise<ProvisioningLink | undefined>;
  put(link: ProvisioningLink): Promise<void>;
  delete(applicationId: string, kind: LinkKind, localId: string): Promise<boolean>;
  list(applicationId: string, kind: LinkKind, options: ListOptions): Promise<Page<ProvisioningLink>>;
  /** The remote ids of these local ids that have one (localId → remoteId), in one query per 500 ids. */
  remoteIds(applicationId: string, kind: LinkKind, localIds: string[]): Promise<Map<string, string>>;
}

export type ImportSchedule = 'manual' | 'hourly';

/** An application's Identity Management (SCIM) integration. */
export interface IdmIntegration {
  applicationId: string;
  baseUrl: string;
  /** AES-256-GCM ciphertext of the token key (the IdP must send it, so a hash won't do). */
  tokenCiphertext: string;
  active: boolean;
  /** Deleting a user in the IdP deletes it in the application (default: deactivate only). */
  deleteOnIdpDelete: boolean;
  importSchedule: ImportSchedule;
  lastImportAt: Date | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface IdmIntegrationRepository {
  get(applicationId: string): Promise<IdmIntegration | undefined>;
  put(integration: IdmIntegration): Promise<void>;
  delete(applicationId: string): Promise<boolean>;
  listActive(): Promise<IdmIntegration[]>;
}

/** A notice the admin portal shows (e.g. "import of 250 users finished"). */
export interface PortalNotification {
  id: string;
  time: Date;
  applicationId: string | null;
  kind: string;
  message: string;
  read: boolean;
}

export interface NotificationRepository {
  insert(n: PortalNotification): Promise<void>;
  list(options: ListOptions & { unreadOnly?: boolean }): Promise<Page<PortalNotification>>;
  markRead(id: string): Promise<boolean>;
}

/**
 * A password just set in the directory, held so the user's first SCIM create in an application can carry it
 * (RFC 7643 §4.1 `password`) although the user is usually bound to the application later. Held only as SecretBox
 * ciphertext (AES-256-GCM with IDP_SECRET_KEY, as pushed password changes are in the outbox), for a bounded time.
 */
export interface PendingPasswordRepository {
  /** Holds (or replaces) the user's sealed password until `expiresAt`. */
  put(userId: string, sealed: string, expiresAt: Date): Promise<void>;
  /** The sealed password, unless none is held or it expired at `now`. */
  get(userId: string, now: Date): Promise<string | undefined>;
  deleteExpired(now: Date): Promise<number>;
}

/** The provisioning planner's batched reads (store/provisioning-batch-reads.ts). */
export interface ProvisioningBatchReads {
  /** Members of `groupId` that no group bound to `applicationId` holds (read before binding it), in id order. */
  membersNotBound(applicationId: string, groupId: string): Promise<string[]>;
  /** The users of these ids that exist. */
  usersByIds(ids: string[]): Promise<Map<string, UserRecord>>;
  /** The sealed passwords held for these users and not expired at `now` (see PendingPasswordRepository). */
  heldPasswords(userIds: string[], now: Date): Promise<Map<string, string>>;
}

export interface ProvisioningStore {
  outbox: OutboxRepository;
  provisioningBatchReads: ProvisioningBatchReads;
  pendingPasswords: PendingPasswordRepository;
  provisioningLinks: ProvisioningLinkRepository;
  idmIntegrations: IdmIntegrationRepository;
  notifications: NotificationRepository;
  /**
   * Runs `fn` atomically: all of its reads and writes through `tx` commit together or not at all,
   * and no other caller's statements interleave. Inside, use only `tx` (the outer store waits for
   * the transaction to end, so using it inside would deadlock) and do no network or slow work
   * (hash passwords before). Nested calls on `tx` join the running transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}
