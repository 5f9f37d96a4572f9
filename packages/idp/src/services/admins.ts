import { randomBytes } from 'node:crypto';
import type { Clock, PasswordHasher, PasswordVerifier } from '@samlbridge/web';
import { passwordHasher, verifyPassword as scryptVerify } from '@samlbridge/web';
import type { Admin } from '../domain.js';
import type { Store } from '../store/types.js';
import { newId } from './directory-users.js';

export interface AdminService {
  /** Creates the admin once (first start); an existing account keeps its password. */
  ensureAdmin(email: string, password: string): Promise<{ admin: Admin; created: boolean }>;
  /** Email + password; unknown emails cost one scrypt too (no enumeration by timing). */
  authenticate(email: string, password: string): Promise<Admin | undefined>;
  get(id: string): Promise<Admin | undefined>;
}

export function createAdminService(
  store: Store,
  clock: Clock,
  verifyPassword: PasswordVerifier = scryptVerify,
  hashPassword: PasswordHasher = passwordHasher(),
): AdminService {
  let dummyHash: Promise<string> | undefined;
  return {
    async ensureAdmin(email, password) {
      const existing = await store.admins.findByEmail(email);
      if (existing) return { admin: existing, created: false };
      const admin: Admin = { id: newId(), email: email.trim(), passwordHash: await hashPassword(password), createdAt: clock.now() };
      try {
        await store.admins.insert(admin);
      } catch (err) {
        // Several instances starting at once on one database: another one created it first.
        const winner = await store.admins.findByEmail(email);
        if (winner) return { admin: winner, created: false };
        throw err;
      }
      return { admin, created: true };
    },
    async authenticate(email, password) {
      const admin = email ? await store.admins.findByEmail(email.trim()) : undefined;
      if (!dummyHash) dummyHash = hashPassword(randomBytes(16).toString('hex'));
      const ok = await verifyPassword(password, admin?.passwordHash ?? (await dummyHash));
      return ok && admin ? admin : undefined;
    },
    get: (id) => store.admins.get(id),
  };
}
