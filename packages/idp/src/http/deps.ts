import type { ResponseSigner } from '@samlbridge/protocol';
import type { Clock, Logger } from '@samlbridge/web';
import type { IdpConfig } from '../config.js';
import type { MfaService } from '../mfa/service.js';
import type { ProvisioningRuntime } from '../provisioning/index.js';
import type { Services } from '../services/index.js';
import type { Store } from '../store/types.js';

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
  signer: ResponseSigner;
  signing: SigningInfo;
  logger: Logger;
  clock: Clock;
  provisioning: ProvisioningRuntime;
  /** Second factors and the MFA policy. */
  mfa: MfaService;
}
