// The SP's settings: one documented defaults object (ARCHITECTURE.md §4), read from the environment at start-up.
import { join } from 'node:path';
import {
  type ConfigOf,
  isPostgresUrl,
  loadConfig,
  loginThrottleSettings,
  operationsSettings,
  parsers,
  samlTraceSetting,
} from '@samlbridge/web';

export const spConfigSpec = {
  port: { env: 'SP_PORT', default: 5000, parse: parsers.port, doc: 'TCP port the SP listens on' },
  baseUrl: {
    env: 'SP_BASE_URL',
    default: 'http://localhost:5000',
    parse: parsers.httpUrl,
    doc: 'Public base URL of the default tenant (ACS URLs are built from it; https makes the session cookie Secure)',
  },
  dataDir: { env: 'SP_DATA_DIR', default: './data/sp', parse: parsers.string, doc: 'Directory for the SQLite database' },
  databaseUrl: {
    env: 'SP_DATABASE_URL',
    default: '',
    parse: parsers.string,
    doc: 'Database: empty → SQLite file `<SP_DATA_DIR>/sp.db`; `sqlite:<file>` or `:memory:`; `postgres://user:pass@host:5432/db` → PostgreSQL (several SP instances share one database)',
  },
  adminApiKey: {
    env: 'SP_ADMIN_API_KEY',
    default: 'sp-demo-admin-key',
    parse: parsers.string,
    doc: 'Bearer key for /api/admin/* (kept only as a SHA-256 hash in memory; change it outside demos)',
    secret: true,
  },
  adminUser: { env: 'SP_ADMIN_USER', default: 'admin', parse: parsers.string, doc: 'LMS Super Admin login (local password sign-in)' },
  adminPassword: {
    env: 'SP_ADMIN_PASSWORD',
    default: 'admin-demo-password',
    parse: parsers.string,
    doc: 'LMS Super Admin password (hashed with scrypt at start-up)',
    secret: true,
  },
  clockSkewSeconds: {
    env: 'SP_CLOCK_SKEW_SECONDS',
    default: 180,
    parse: (raw: string) => {
      // Bounded: a large skew would keep expired assertions usable (saml-profiles §4.1.4.3 wants "reasonable").
      const n = parsers.positiveInt(raw);
      if (n > 600) throw new Error(`"${raw}" is more than 600 seconds: fix the clocks (NTP) instead of widening the window`);
      return n;
    },
    doc: 'Allowed clock difference with the IdP for NotBefore/NotOnOrAfter checks (1–600)',
  },
  sessionTtlSeconds: { env: 'SP_SESSION_TTL_SECONDS', default: 28800, parse: parsers.positiveInt, doc: 'LMS session lifetime' },
  logLevel: { env: 'SP_LOG_LEVEL', default: 'info', parse: parsers.logLevel, doc: 'pino log level' },
  scimToken: {
    env: 'SP_SCIM_TOKEN',
    default: '',
    parse: parsers.string,
    doc: 'Initial SCIM v2 API key of the default tenant, applied at first start only (SCIM enabled; it serves requests once SAML SSO is configured). Empty: enable SCIM from the SSO settings page or POST /api/admin/scim',
    secret: true,
  },
  scimRateLimitPerMinute: {
    env: 'SP_SCIM_RATE_LIMIT_PER_MINUTE',
    default: 600,
    parse: parsers.nonNegativeInt,
    doc: 'SCIM requests allowed per tenant per minute (shared by all SP instances through the store); above it → 429 with Retry-After. Every SCIM answer carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers). 0 = no limit',
  },
  scimRateLimitWindowSeconds: {
    env: 'SP_SCIM_RATE_LIMIT_WINDOW_SECONDS',
    default: 60,
    parse: parsers.positiveInt,
    doc: 'Length of the SCIM rate-limit window; the window allows `SP_SCIM_RATE_LIMIT_PER_MINUTE × window ÷ 60` requests (a shorter window spreads the same rate more evenly)',
  },
  trustedProxyHops: {
    env: 'SP_TRUSTED_PROXY_HOPS',
    default: 0,
    parse: parsers.nonNegativeInt,
    doc: 'Reverse proxies in front of the SP whose X-Forwarded-For / X-Forwarded-Proto entries are trusted (the client IP is the one the nearest of them saw, for per-IP sign-in throttling). 0 = none: the socket address counts',
  },
  // Sign-in throttling of the local login form: SP_LOGIN_MAX_FAILURES_PER_ACCOUNT, … (web's throttle-config).
  ...loginThrottleSettings('SP'),
  traceRetentionDays: {
    env: 'SP_TRACE_RETENTION_DAYS',
    default: 7,
    parse: parsers.positiveInt,
    doc: "Days a sign-in trace (checks and the Response as received) is kept for the admin's sign-in log; expired traces are swept in batches",
  },
  // Shutdown grace, events retention, /metrics token, password-check queue, pre-authentication limits (web's ops-config).
  ...operationsSettings('SP'),
  samlTrace: samlTraceSetting('SP', 'Log raw SAML messages at trace level (debugging only; they contain personal data)'),
};

export type SpConfig = ConfigOf<typeof spConfigSpec>;

/** Validates the environment (every problem at once) and applies overrides from code/tests. */
export function loadSpConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SpConfig> = {}): SpConfig {
  return loadConfig(spConfigSpec, env, overrides);
}

export type SpDatabase = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Where the store lives: a PostgreSQL URL, or the SQLite file (or `:memory:`) the config points at. */
export function resolveSpDatabase(config: SpConfig): SpDatabase {
  const url = config.databaseUrl.trim();
  if (isPostgresUrl(url)) return { kind: 'postgres', url };
  return { kind: 'sqlite', file: sqliteFileFor(config) };
}

/** The SQLite file (or `:memory:`) the config points at; a PostgreSQL URL is not a file (see resolveSpDatabase). */
export function sqliteFileFor(config: SpConfig): string {
  const url = config.databaseUrl.trim();
  if (url === '') return join(config.dataDir, 'sp.db');
  if (isPostgresUrl(url)) throw new Error('SP_DATABASE_URL points at PostgreSQL, not at a SQLite file');
  if (url === ':memory:') return url;
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length).replace(/^\/\//, '') || join(config.dataDir, 'sp.db');
  throw new Error(`SP_DATABASE_URL "${url}" is not understood: use postgres://…, sqlite:<file>, :memory: or leave it empty`);
}
