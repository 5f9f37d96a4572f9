// The SP's storage, split by aggregate (DESIGN §4). Async everywhere so a PostgreSQL
// implementation can be added behind the same interface; SQLite is the one implementation now.
import type { SessionStore } from '@samlbridge/web';
import type { SsoSettings } from '../sso/settings.js';

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
  createdVia: 'sso' | 'local';
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

export interface NewUser {
  tenant: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  role: UserRole;
  createdVia: 'sso' | 'local';
  passwordHash: string | null;
  active?: boolean;
}

export interface UserRepo {
  findByLogin(tenant: string, login: string): Promise<LmsUser | undefined>;
  findById(tenant: string, id: number): Promise<LmsUser | undefined>;
  create(user: NewUser, now: Date): Promise<LmsUser>;
  /** Re-syncs the profile fields the IdP owns and stamps the login time. */
  updateProfile(tenant: string, id: number, profile: { email: string; firstName: string; lastName: string }, now: Date): Promise<void>;
  touchLogin(tenant: string, id: number, now: Date): Promise<void>;
  setActive(tenant: string, id: number, active: boolean, now: Date): Promise<void>;
  list(tenant: string): Promise<LmsUser[]>;
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
  add(event: NewAuditEvent): Promise<void>;
  list(tenant: string, { limit }: { limit: number }): Promise<AuditEvent[]>;
}

export interface Store {
  users: UserRepo;
  sessions: SessionStore;
  settings: SettingsRepo;
  pendingRequests: PendingRequestRepo;
  replay: ReplayRepo;
  events: EventRepo;
  close(): Promise<void>;
}
