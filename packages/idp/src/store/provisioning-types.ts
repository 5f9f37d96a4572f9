// The records of the provisioning engine's store: the outbox, the links between directory objects and their copies
// in an application, IdM integrations and portal notifications (their repositories: outbox.ts,
// provisioning-repositories.ts).

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

export type OutboxCounts = Record<OutboxStatus, number>;

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

/** A notice the admin portal shows (e.g. "import of 250 users finished"). */
export interface PortalNotification {
  id: string;
  time: Date;
  applicationId: string | null;
  kind: string;
  message: string;
  read: boolean;
}
