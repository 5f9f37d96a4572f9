// Provisioning settings, spread into the IdP's one documented defaults object (config.ts).
import { parsers, type Setting } from '@samlbridge/web';

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

export const provisioningConfigSpec = {
  secretKey: setting({
    env: 'IDP_SECRET_KEY',
    default: '',
    parse: parsers.string,
    doc: 'Key that encrypts stored SCIM tokens (AES-256-GCM): 64 hex characters or any passphrase of 32+ characters. Empty → a random key generated once into `{IDP_DATA_DIR}/idp-secret.key` (mode 0600) with a warning; set it in production (and on every instance sharing a database)',
    secret: true,
  }),
  demoScimToken: setting({
    env: 'IDP_DEMO_SCIM_TOKEN',
    default: '',
    parse: parsers.string,
    doc: 'SCIM token `npm start` gives the SP (when `SP_SCIM_TOKEN` is unset) and uses to activate the `talentlms` IdM integration at the first start. Empty (and `SP_SCIM_TOKEN` empty): a random key generated for the data folder (stored hashed by the SP, encrypted by the IdP); no published default key',
    secret: true,
  }),
  provisioningWorker: setting({
    env: 'IDP_PROVISIONING_WORKER',
    default: true,
    parse: parsers.boolean,
    doc: 'Run the provisioning outbox worker in this instance (several instances may: rows are leased)',
  }),
  provisioningConcurrency: setting({
    env: 'IDP_PROVISIONING_CONCURRENCY',
    default: 16,
    parse: parsers.positiveInt,
    doc: 'SCIM requests in flight per worker (different users in parallel; one user’s changes stay in order)',
  }),
  provisioningRetryBaseMs: setting({
    env: 'IDP_PROVISIONING_RETRY_BASE_MS',
    default: 1000,
    parse: parsers.positiveInt,
    doc: 'First retry delay after a transient failure (doubles per attempt, with jitter)',
  }),
  provisioningRetryMaxMs: setting({
    env: 'IDP_PROVISIONING_RETRY_MAX_MS',
    default: 300000,
    parse: parsers.positiveInt,
    doc: 'Cap of the retry delay (transient failures are retried until the SP answers)',
  }),
  provisioningOutagePauseMaxMs: setting({
    env: 'IDP_PROVISIONING_OUTAGE_PAUSE_MAX_MS',
    default: 5000,
    parse: parsers.positiveInt,
    doc: 'While an application is unreachable (or answers 5xx without `Retry-After`) its changes are held and one request probes after a pause that doubles from `IDP_PROVISIONING_RETRY_BASE_MS` up to this; a change’s own retry delay is capped at it too, so catch-up starts within this long of the application coming back. A 429, or a 503 with `Retry-After`, is no failure: the changes wait the time the application asked (rate-limit headers are read) without counting an attempt',
  }),
  provisioningLeaseSeconds: setting({
    env: 'IDP_PROVISIONING_LEASE_SECONDS',
    default: 15,
    parse: parsers.positiveInt,
    doc: 'How long a worker holds a claimed outbox row; the worker renews it every third of this while it works, so a killed instance’s rows are taken over by another after at most this long',
  }),
  provisioningPollMs: setting({
    env: 'IDP_PROVISIONING_POLL_MS',
    default: 1000,
    parse: parsers.positiveInt,
    doc: 'Idle worker polling interval (changes made by this instance wake it at once)',
  }),
  provisioningGroupMembersPerRequest: setting({
    env: 'IDP_PROVISIONING_GROUP_MEMBERS_PER_REQUEST',
    default: 1000,
    parse: parsers.positiveInt,
    doc: 'Most members one SCIM group request carries: a bigger group is created with this many and the rest added in PATCH requests of this many, so its requests stay under the application’s body limit',
  }),
  scimTimeoutMs: setting({
    env: 'IDP_SCIM_TIMEOUT_MS',
    default: 15000,
    parse: parsers.positiveInt,
    doc: 'Timeout of one SCIM request to an application',
  }),
};

export interface ProvisioningConfig {
  dataDir: string;
  secretKey: string;
  provisioningWorker: boolean;
  provisioningConcurrency: number;
  provisioningRetryBaseMs: number;
  provisioningRetryMaxMs: number;
  provisioningOutagePauseMaxMs: number;
  provisioningLeaseSeconds: number;
  provisioningPollMs: number;
  provisioningGroupMembersPerRequest: number;
  scimTimeoutMs: number;
}
