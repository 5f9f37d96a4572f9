// LMS users: found by TargetedID, created just in time on first SSO login, profile re-synced every login.
// Deleting puts a user in the trash (no sign-in, hidden from SCIM, email still reserved); only a permanent
// delete from the trash releases the email, and it cannot be undone. SSO reaches only accounts the identity
// provider manages (sso-managed.ts): never the Super Admin or a locally created account.

import { type Clock, hashPassword, type Logger, type PasswordVerifier, verifyPassword as scryptVerify } from '@samlbridge/web';
import { spError } from '../sp-errors.js';
import { type LmsUser, type Store, UniqueViolation } from '../store/types.js';
import { isSsoManaged, isSuperAdminLogin } from './sso-managed.js';

export interface SsoProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface UserService {
  /**
   * JIT create or re-sync; returns the user (possibly inactive: the caller refuses those). A user in the trash
   * comes back with `active: false`, so the ACS refuses them. Throws 409 `email_not_unique` when a new user's
   * email belongs to someone else (trash included); on re-sync such an email is not copied. Throws 403
   * `account_not_sso_managed`, changing nothing, for the Super Admin's login and for an account SSO or SCIM did not create.
   */
  upsertFromSso(tenant: string, profile: SsoProfile): Promise<LmsUser>;
  /** Whether SSO may sign in as this account (created by SSO or SCIM; not the Super Admin). */
  isSsoManaged(user: LmsUser): boolean;
  /** Local username/password sign-in; the configured Super Admin is created on first use in each tenant. */
  verifyLocal(tenant: string, login: string, password: string): Promise<LmsUser | undefined>;
  get(tenant: string, id: number): Promise<LmsUser | undefined>;
  list(tenant: string): Promise<LmsUser[]>;
  setActive(tenant: string, login: string, active: boolean): Promise<boolean>;
  /** Users in the trash. */
  listTrash(tenant: string): Promise<LmsUser[]>;
  /** Moves a user to the trash (the Super Admin cannot be deleted): false when absent or already there. */
  trash(tenant: string, id: number): Promise<boolean>;
  restore(tenant: string, id: number): Promise<boolean>;
  /** Permanently deletes a user that is in the trash; cannot be undone. */
  purge(tenant: string, id: number): Promise<boolean>;
  /** Whether this user may sign in at all (active and not in the trash). */
  canSignIn(user: LmsUser | undefined): user is LmsUser;
}

export interface UserServiceOptions {
  store: Store;
  clock: Clock;
  adminUser: string;
  adminPassword: string;
  /** Password check of the local sign-in (scrypt unless a test counts or paces the checks). */
  verifyPassword?: PasswordVerifier;
  /** scrypt cost (log2 N) of the hashes made here: the Super Admin's at start-up (the `passwordHashCost` setting). */
  passwordHashCost?: number;
  logger?: Pick<Logger, 'debug'>;
}

export async function createUserService({
  store,
  clock,
  adminUser,
  adminPassword,
  verifyPassword = scryptVerify,
  passwordHashCost,
  logger,
}: UserServiceOptions): Promise<UserService> {
  const adminHash = await hashPassword(adminPassword, passwordHashCost);
  // Verified against when the login is unknown, so timing does not reveal which logins exist.
  const dummyHash = adminHash;

  async function ensureAdmin(tenant: string): Promise<void> {
    if (await store.users.findByLogin(tenant, adminUser)) return;
    try {
      await store.users.create(
        {
          tenant,
          login: adminUser,
          email: '',
          firstName: 'Super',
          lastName: 'Admin',
          role: 'superadmin',
          createdVia: 'local',
          passwordHash: adminHash,
        },
        clock.now(),
      );
    } catch (err) {
      // Created concurrently by another request or instance: fine, as long as the account now exists.
      if (!(await store.users.findByLogin(tenant, adminUser))) throw err;
      logger?.debug({ tenant }, 'Super Admin account created concurrently by another request');
    }
  }

  const notSsoManaged = () => spError('account_not_sso_managed');

  return {
    async upsertFromSso(tenant, p) {
      const now = clock.now();
      // The Super Admin's login is reserved even before that account exists: SSO must not take it first.
      if (isSuperAdminLogin(p.login, adminUser)) throw notSsoManaged();
      const existing = await store.users.findByLogin(tenant, p.login);
      if (existing && !isSsoManaged(existing, adminUser)) throw notSsoManaged();
      if (!existing) {
        try {
          return await store.users.create({ tenant, ...p, role: 'learner', createdVia: 'sso', passwordHash: null }, now);
        } catch (err) {
          if (err instanceof UniqueViolation && err.field === 'email') {
            throw spError('email_not_unique');
          }
          throw err;
        }
      }
      if (existing.deletedAt) return { ...existing, active: false };
      if (existing.active) {
        const profile = { email: p.email, firstName: p.firstName, lastName: p.lastName };
        try {
          await store.users.updateProfile(tenant, existing.id, profile, now);
        } catch (err) {
          if (!(err instanceof UniqueViolation)) throw err;
          await store.users.updateProfile(tenant, existing.id, { ...profile, email: existing.email }, now);
        }
        await store.users.touchLogin(tenant, existing.id, now);
      }
      return (await store.users.findById(tenant, existing.id)) as LmsUser;
    },
    isSsoManaged: (user) => isSsoManaged(user, adminUser),
    async verifyLocal(tenant, login, password) {
      if (login === adminUser) await ensureAdmin(tenant);
      const user = await store.users.findByLogin(tenant, login);
      const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
      if (!user?.passwordHash || !ok || !user.active || user.deletedAt) return undefined;
      await store.users.touchLogin(tenant, user.id, clock.now());
      return user;
    },
    get: (tenant, id) => store.users.findById(tenant, id),
    list: (tenant) => store.users.list(tenant),
    listTrash: (tenant) => store.users.list(tenant, { trashed: true }),
    async trash(tenant, id) {
      const user = await store.users.findById(tenant, id);
      if (!user || user.role === 'superadmin') return false;
      return store.users.trash(tenant, id, clock.now());
    },
    restore: (tenant, id) => store.users.restore(tenant, id, clock.now()),
    purge: (tenant, id) => store.users.purge(tenant, id),
    canSignIn: (user): user is LmsUser => !!user && user.active && !user.deletedAt,
    async setActive(tenant, login, active) {
      const user = await store.users.findByLogin(tenant, login);
      if (!user) return false;
      await store.users.setActive(tenant, user.id, active, clock.now());
      return true;
    },
  };
}
