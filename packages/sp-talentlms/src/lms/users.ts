// LMS users: found by TargetedID, created just in time on first SSO login, profile re-synced every login.
import { type Clock, hashPassword, verifyPassword } from '@samlbridge/web';
import type { LmsUser, Store } from '../store/types.js';

export interface SsoProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface UserService {
  /** JIT create or re-sync; returns the user (possibly inactive: the caller refuses those). */
  upsertFromSso(tenant: string, profile: SsoProfile): Promise<LmsUser>;
  /** Local username/password sign-in; the configured Super Admin is created on first use in each tenant. */
  verifyLocal(tenant: string, login: string, password: string): Promise<LmsUser | undefined>;
  get(tenant: string, id: number): Promise<LmsUser | undefined>;
  list(tenant: string): Promise<LmsUser[]>;
  setActive(tenant: string, login: string, active: boolean): Promise<boolean>;
}

export interface UserServiceOptions {
  store: Store;
  clock: Clock;
  adminUser: string;
  adminPassword: string;
}

export async function createUserService({ store, clock, adminUser, adminPassword }: UserServiceOptions): Promise<UserService> {
  const adminHash = await hashPassword(adminPassword);
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
    } catch {
      // created concurrently by another request: fine
    }
  }

  return {
    async upsertFromSso(tenant, p) {
      const now = clock.now();
      const existing = await store.users.findByLogin(tenant, p.login);
      if (!existing) {
        return store.users.create({ tenant, ...p, role: 'learner', createdVia: 'sso', passwordHash: null }, now);
      }
      if (existing.active) {
        await store.users.updateProfile(tenant, existing.id, { email: p.email, firstName: p.firstName, lastName: p.lastName }, now);
        await store.users.touchLogin(tenant, existing.id, now);
      }
      return (await store.users.findById(tenant, existing.id)) as LmsUser;
    },
    async verifyLocal(tenant, login, password) {
      if (login === adminUser) await ensureAdmin(tenant);
      const user = await store.users.findByLogin(tenant, login);
      const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
      if (!user?.passwordHash || !ok || !user.active) return undefined;
      await store.users.touchLogin(tenant, user.id, clock.now());
      return user;
    },
    get: (tenant, id) => store.users.findById(tenant, id),
    list: (tenant) => store.users.list(tenant),
    async setActive(tenant, login, active) {
      const user = await store.users.findByLogin(tenant, login);
      if (!user) return false;
      await store.users.setActive(tenant, user.id, active, clock.now());
      return true;
    },
  };
}
