import { type Clock, type PasswordHasher, type PasswordVerifier, passwordHasher, verifyPassword as scryptVerify } from '@samlbridge/web';
import type { Store } from '../store/types.js';
import { type AdminService, createAdminService } from './admins.js';
import { type AssertionEncryptionService, createAssertionEncryptionService } from './assertion-encryption.js';
import { type AuthorizationService, createAuthorizationService } from './authorization.js';
import { type ApplicationDirectory, createApplicationDirectory } from './directory-applications.js';
import { createUserDirectory, type UserDirectory } from './directory-users.js';
import { createEventService, type EventService } from './events.js';
import { createMetadataImport, type MetadataImport } from './sp-metadata-import.js';

export type Directory = UserDirectory & ApplicationDirectory;

export interface Services {
  directory: Directory;
  authorization: AuthorizationService;
  events: EventService;
  admins: AdminService;
  /** SP metadata → an application's settings, shown as a diff before saving. */
  metadataImport: MetadataImport;
  /** Per application "Encrypt assertion" (the API's PUT, the SSO tab, the metadata import). */
  assertionEncryption: AssertionEncryptionService;
}

export interface ServiceOptions {
  store: Store;
  clock: Clock;
  baseUrl: string;
  /** Password check of the sign-in forms (scrypt unless a test counts or paces the checks). */
  verifyPassword?: PasswordVerifier;
  /** Hashes new passwords (scrypt at the `passwordHashCost` setting). */
  hashPassword?: PasswordHasher;
}

export function createServices({
  store,
  clock,
  baseUrl,
  verifyPassword = scryptVerify,
  hashPassword = passwordHasher(),
}: ServiceOptions): Services {
  const directory: Directory = {
    ...createUserDirectory(store, clock, verifyPassword, hashPassword),
    ...createApplicationDirectory(store, clock, baseUrl),
  };
  const assertionEncryption = createAssertionEncryptionService(store, clock);
  return {
    directory,
    authorization: createAuthorizationService(store),
    events: createEventService(store, clock),
    admins: createAdminService(store, clock, verifyPassword, hashPassword),
    metadataImport: createMetadataImport({
      directory,
      assertionEncryption,
      clock,
      singleLogout: store.singleLogout,
      sloSoapEndpoints: store.sloSoapEndpoints,
    }),
    assertionEncryption,
  };
}
