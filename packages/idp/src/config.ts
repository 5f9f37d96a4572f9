import { join, resolve } from 'node:path';
import {
  type ConfigOf,
  describeConfig,
  isPostgresUrl,
  loadConfig,
  loginThrottleSettings,
  operationsSettings,
  parsers,
  type Setting,
  samlTraceSetting,
} from '@samlbridge/web';
import { provisioningConfigSpec } from './provisioning/config.js';
import { startupError } from './startup-errors.js';

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

/** The IdP's one documented defaults object (ARCHITECTURE.md §4). `describeIdpConfig()` prints it as the README table. */
export const idpConfigSpec = {
  ...provisioningConfigSpec,
  port: setting({ env: 'IDP_PORT', default: 4000, parse: parsers.port, doc: 'TCP port the IdP listens on' }),
  baseUrl: setting({
    env: 'IDP_BASE_URL',
    default: 'http://localhost:4000',
    parse: parsers.httpUrl,
    doc: 'Public base URL; SSO URLs are `{base}/saml2/{app}`. An https URL makes the session cookie `Secure; SameSite=None`',
  }),
  dataDir: setting({
    env: 'IDP_DATA_DIR',
    default: './data/idp',
    parse: parsers.string,
    doc: 'Directory (created with mode 0700) for the signing key (`idp-signing.key`, mode 0600: start-up is refused when group or others may read it), its certificate (`idp-signing.crt`) and the default SQLite file `idp.db`',
  }),
  databaseUrl: setting({
    env: 'IDP_DATABASE_URL',
    default: '',
    parse: parsers.string,
    doc: 'Storage: empty → `{IDP_DATA_DIR}/idp.db`; `sqlite:<path>`, a file path or `:memory:`; `postgres://user:pass@host:5432/db` → PostgreSQL (several IdP instances share one database)',
  }),
  adminEmail: setting({
    env: 'IDP_ADMIN_EMAIL',
    default: 'admin@example.com',
    parse: parsers.string,
    doc: 'Admin portal account (`/admin/`), created by createIdp on first start when absent (kept afterwards)',
  }),
  adminPassword: setting({
    env: 'IDP_ADMIN_PASSWORD',
    default: 'admin-demo-password',
    parse: parsers.string,
    doc: 'Password of that admin (demo default: change it)',
    secret: true,
  }),
  adminApiKey: setting({
    env: 'IDP_ADMIN_API_KEY',
    default: 'idp-demo-admin-key',
    parse: parsers.string,
    doc: 'Key for the admin API (`x-api-key` header); stored as a SHA-256 digest (demo default: change it)',
    secret: true,
  }),
  demoUser: setting({
    env: 'IDP_DEMO_USER',
    default: 'demo.user',
    parse: parsers.string,
    doc: 'Username of the demo user the seed creates',
  }),
  demoPassword: setting({
    env: 'IDP_DEMO_PASSWORD',
    default: 'demo-password',
    parse: parsers.string,
    doc: 'Password of the demo user',
    secret: true,
  }),
  sessionTtlSeconds: setting({
    env: 'IDP_SESSION_TTL_SECONDS',
    default: 28800,
    parse: parsers.positiveInt,
    doc: 'IdP session lifetime (one sign-in serves every application until then)',
  }),
  clockSkewSeconds: setting({
    env: 'IDP_CLOCK_SKEW_SECONDS',
    default: 60,
    parse: parsers.positiveInt,
    doc: 'Tolerated clock difference: assertions are back-dated by it (NotBefore) and AuthnRequest ages get it as slack',
  }),
  assertionLifetimeSeconds: setting({
    env: 'IDP_ASSERTION_LIFETIME_SECONDS',
    default: 300,
    parse: parsers.positiveInt,
    doc: 'Assertion validity (Conditions and SubjectConfirmationData NotOnOrAfter)',
  }),
  sloParticipantTimeoutSeconds: setting({
    env: 'IDP_SLO_PARTICIPANT_TIMEOUT_SECONDS',
    default: 10,
    parse: parsers.positiveInt,
    doc: 'Single Logout: how long a participant has to answer a LogoutRequest before the chain goes on without it (PartialLogout); over SOAP, the deadline of the whole HTTP exchange (outcome timeout)',
  }),
  invitationTtlHours: setting({
    env: 'IDP_INVITATION_TTL_HOURS',
    default: 72,
    parse: parsers.positiveInt,
    doc: "How long an invitation (a user's single-use set-password link) works; a new invitation voids the previous one",
  }),
  metadataCacheDurationSeconds: setting({
    env: 'IDP_METADATA_CACHE_DURATION_SECONDS',
    default: 86400,
    parse: parsers.positiveInt,
    doc: 'cacheDuration of the IdP metadata (saml-metadata §2.3.2): how long an SP may keep it before fetching it again',
  }),
  metadataValidDays: setting({
    env: 'IDP_METADATA_VALID_DAYS',
    default: 7,
    parse: parsers.positiveInt,
    doc: 'validUntil of the IdP metadata, in days from the moment it is served: SPs must not use a copy older than that',
  }),
  requestMaxAgeSeconds: setting({
    env: 'IDP_REQUEST_MAX_AGE_SECONDS',
    default: 300,
    parse: parsers.positiveInt,
    doc: 'Oldest accepted AuthnRequest IssueInstant (plus the clock skew)',
  }),
  loginFlowTtlSeconds: setting({
    env: 'IDP_LOGIN_FLOW_TTL_SECONDS',
    default: 900,
    parse: parsers.positiveInt,
    doc: 'How long a pending sign-in (an SSO request waiting for the login form) stays usable',
  }),
  logLevel: setting({ env: 'IDP_LOG_LEVEL', default: 'info', parse: parsers.logLevel, doc: 'pino log level' }),
  trustedProxyHops: setting({
    env: 'IDP_TRUSTED_PROXY_HOPS',
    default: 0,
    parse: parsers.nonNegativeInt,
    doc: 'Reverse proxies in front of the IdP whose X-Forwarded-For / X-Forwarded-Proto entries are trusted (the client IP is the one the nearest of them saw, for per-IP sign-in throttling). 0 = none: the socket address counts',
  }),
  // Sign-in throttling of the user and admin login forms: IDP_LOGIN_MAX_FAILURES_PER_ACCOUNT, … (web's throttle-config).
  ...loginThrottleSettings('IDP'),
  // Shutdown grace, events retention, /metrics token, password-check queue, pre-authentication limits (web's ops-config).
  ...operationsSettings('IDP'),
  traceRetentionDays: setting({
    env: 'IDP_TRACE_RETENTION_DAYS',
    default: 7,
    parse: parsers.positiveInt,
    doc: 'Days a per-login SAML trace (AuthnRequest as received, checks, Response as sent) is kept for Directory Insights; older traces are swept in batches',
  }),
  signingThreads: setting({
    env: 'IDP_SIGNING_THREADS',
    default: 1,
    parse: (raw: string) => {
      const n = parsers.nonNegativeInt(raw);
      if (n > 16) throw new Error(`"${raw}" is more than 16 threads`);
      return n;
    },
    doc: "Dedicated threads that make the RSA signatures of SAML Responses (keys/signing-workers.ts), so the event loop serves other requests meanwhile and signatures never wait behind password checks on libuv's threadpool. 0 = sign on the main thread",
  }),
  samlTrace: samlTraceSetting('IDP', 'Log raw SAML messages at `trace` level (needs IDP_LOG_LEVEL=trace); never in production'),
};

export type IdpConfig = ConfigOf<typeof idpConfigSpec>;

export function loadIdpConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<IdpConfig> = {}): IdpConfig {
  return loadConfig(idpConfigSpec, env, overrides);
}

export function describeIdpConfig(): string {
  return describeConfig(idpConfigSpec);
}

export type DatabaseLocation = { kind: 'sqlite'; file: string; url?: undefined } | { kind: 'postgres'; url: string; file?: undefined };

/** IDP_DATABASE_URL → where the store lives: SQLite (default) or PostgreSQL (ARCHITECTURE.md §5). */
export function resolveDatabase(config: Pick<IdpConfig, 'databaseUrl' | 'dataDir'>): DatabaseLocation {
  const url = config.databaseUrl.trim();
  if (url === '') return { kind: 'sqlite', file: join(resolve(config.dataDir), 'idp.db') };
  if (isPostgresUrl(url)) return { kind: 'postgres', url };
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (path === ':memory:') return { kind: 'sqlite', file: ':memory:' };
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw startupError('unsupported_database', `IDP_DATABASE_URL "${url}" is neither sqlite:<path> nor a file path`);
  }
  return { kind: 'sqlite', file: resolve(path) };
}
