// The SP's settings: one documented defaults object (DESIGN §5), read from the environment at start-up.
import { join } from 'node:path';
import { type ConfigOf, loadConfig, parsers } from '@samlbridge/web';

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
    doc: 'Database: empty → SQLite file `<SP_DATA_DIR>/sp.db`; `sqlite:<file>` or `:memory:`; `postgres://` arrives with issue 3',
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
    parse: parsers.positiveInt,
    doc: 'Allowed clock difference with the IdP for NotBefore/NotOnOrAfter checks',
  },
  sessionTtlSeconds: { env: 'SP_SESSION_TTL_SECONDS', default: 28800, parse: parsers.positiveInt, doc: 'LMS session lifetime' },
  logLevel: { env: 'SP_LOG_LEVEL', default: 'info', parse: parsers.logLevel, doc: 'pino log level' },
  samlTrace: {
    env: 'SP_SAML_TRACE',
    default: false,
    parse: parsers.boolean,
    doc: 'Log raw SAML messages at trace level (debugging only; they contain personal data)',
  },
};

export type SpConfig = ConfigOf<typeof spConfigSpec>;

/** Validates the environment (every problem at once) and applies overrides from code/tests. */
export function loadSpConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SpConfig> = {}): SpConfig {
  return loadConfig(spConfigSpec, env, overrides);
}

/** The SQLite file (or `:memory:`) the config points at; PostgreSQL is refused with a clear message. */
export function sqliteFileFor(config: SpConfig): string {
  const url = config.databaseUrl.trim();
  if (url === '') return join(config.dataDir, 'sp.db');
  if (/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error(
      'SP_DATABASE_URL points at PostgreSQL, but PostgreSQL support arrives with issue 3. Leave SP_DATABASE_URL empty to use SQLite.',
    );
  }
  if (url === ':memory:') return url;
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length).replace(/^\/\//, '') || join(config.dataDir, 'sp.db');
  throw new Error(`SP_DATABASE_URL "${url}" is not understood: use sqlite:<file>, :memory: or leave it empty`);
}
