import type { MessageSigningKey, ResponseSigner } from '@samlbridge/protocol';
import type { Clock, Logger, Operations } from '@samlbridge/web';
import type { IdpConfig } from '../config.js';
import type { Keyring } from '../keys/keyring.js';
import type { MfaService } from '../mfa/service.js';
import type { ProvisioningRuntime } from '../provisioning/index.js';
import type { Services } from '../services/index.js';
import type { SsoRejections } from '../sso-rejections.js';
import type { Store } from '../store/types.js';
import type { ConfigCache } from './config-cache.js';

export interface SigningInfo {
  certificatePem: string;
  fingerprints: { sha1: string; sha256: string };
  notAfter: Date;
}

/** Everything a route needs, injected (no module-level singletons). */
export interface IdpDeps {
  config: IdpConfig;
  store: Store;
  services: Services;
  /** Signs with the active key (keys.signer). */
  signer: ResponseSigner;
  /** The IdP's signing keys: active, next/previous, rotation steps (keys/keyring.ts). */
  keys: Keyring;
  /** The application and its settings as the SSO endpoint reads them, kept while the configuration version holds. */
  configCache: ConfigCache;
  /** Signs Single Logout messages (LogoutRequest, LogoutResponse) with the active IdP key. */
  messageSigningKey: MessageSigningKey;
  logger: Logger;
  clock: Clock;
  provisioning: ProvisioningRuntime;
  /** /metrics counters (absent in tests that build deps by hand). */
  operations?: Operations;
  /** Rejected SSO messages, one event per address, reason and window (sso-rejections.ts). */
  rejections?: SsoRejections;
  /** Second factors and the MFA policy. */
  mfa: MfaService;
}
