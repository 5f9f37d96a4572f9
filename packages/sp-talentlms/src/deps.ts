// What every route needs, built once per createSp() (no module-level singletons).
import type { Clock, Logger } from '@samlbridge/web';
import type { SpConfig } from './config.js';
import type { AccountService } from './lms/account.js';
import type { AuditService } from './lms/audit.js';
import type { UserService } from './lms/users.js';
import type { SsoService } from './sso/sso-service.js';
import type { SsoRejections } from './sso-rejections.js';
import type { Store } from './store/types.js';

export interface SpServices {
  sso: SsoService;
  users: UserService;
  audit: AuditService;
  account: AccountService;
}

export interface SpDeps {
  config: SpConfig;
  store: Store;
  services: SpServices;
  clock: Clock;
  logger: Logger;
  /** SHA-256 of SP_ADMIN_API_KEY; the key itself is not kept. */
  adminKeyHash: string;
  /** The SP's encryption key pair (`{SP_DATA_DIR}/sp-encryption.key`): decrypts EncryptedAssertions, published in metadata. */
  encryptionKey: { privateKeyPem: string; certificatePem: string };
  /** Rejected SAML Responses, one audit event per address, reason and window (sso-rejections.ts). */
  rejections?: SsoRejections;
}
