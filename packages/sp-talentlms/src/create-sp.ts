// createSp(): builds one self-contained SP (config, store, services, Koa app). No module-level state,
// so tests can start several in one process.

import { join } from 'node:path';
import type Router from '@koa/router';
import { loadOrCreateKeyPair } from '@samlbridge/certs';
import {
  assets,
  boundedPasswordVerifier,
  type Clock,
  createLogger,
  ensurePrivateDir,
  errorHandler,
  hashToken,
  identityConflictReport,
  isStorageFault,
  type Logger,
  notWritableAtStart,
  type Operations,
  type PasswordVerifier,
  renderJsonError,
  verifyPassword as scryptVerify,
  securityHeaders,
  sessions,
  systemClock,
} from '@samlbridge/web';
import Koa from 'koa';
import { certificateExpiryGauge } from './certificate-expiry.js';
import { loadSpConfig, resolveSpDatabase, type SpConfig } from './config.js';
import type { SpDeps, SpServices } from './deps.js';
import { startSpSweeper } from './expiry-sweep.js';
import { loadUser } from './http/auth.js';
import { spRouter } from './http/routes.js';
import { dropLoggedOutSessions } from './http/single-logout.js';
import { createAccountService } from './lms/account.js';
import { createAuditService } from './lms/audit.js';
import { createUserService } from './lms/users.js';
import { countSignIns, signInCounter, spOperations } from './operations.js';
import { isScimPath, scimApp, scimRouter } from './scim/scim-app.js';
import { spError } from './sp-errors.js';
import { createSsoService } from './sso/sso-service.js';
import { ssoRejections } from './sso-rejections.js';
import { createStore } from './store/index.js';
import type { Store } from './store/types.js';
import { DEFAULT_TENANT, tenantFromRequest } from './tenant.js';
import { renderHtmlError } from './views/layout.js';

export interface CreateSpOptions {
  /** Environment to read SP_* settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Overrides applied after the environment (tests, embedding). */
  config?: Partial<SpConfig>;
  clock?: Clock;
  logger?: Logger;
  /** Use this store instead of opening the configured database. */
  store?: Store;
  /** Checks a local sign-in password against its stored hash (default: web's scrypt `verifyPassword`). */
  verifyPassword?: PasswordVerifier;
  /** Use this encryption key pair instead of `{dataDir}/sp-encryption.key` (tests, embedding). */
  encryptionKey?: { privateKeyPem: string; certificatePem: string };
}

export interface Sp {
  app: Koa;
  /** The routers `app` mounts: the LMS (pages, ACS, admin API) and SCIM (route listing for tests and docs). */
  routers: { lms: Router; scim: Router };
  config: SpConfig;
  store: Store;
  services: SpServices;
  /** /healthz, /readyz, /metrics and their registry (mounted first in `app`). */
  operations: Operations;
  /** Deletes expired sessions, stale throttle rows and events past retention now (also at start and every 10 minutes). */
  sweepExpired(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'sp_session';

/** The SP's encryption key pair, generated at first start (mode 0600) like the IdP's signing key. */
async function loadEncryptionKey(config: SpConfig, logger: Logger): Promise<{ privateKeyPem: string; certificatePem: string }> {
  const pair = await loadOrCreateKeyPair(config.dataDir, 'sp-encryption', {
    commonName: new URL(config.baseUrl).hostname,
    usage: 'encryption',
  });
  if (pair.created)
    logger.info({ keyPath: pair.keyPath, certificatePath: pair.certificatePath }, 'generated SP encryption key and certificate');
  return { privateKeyPem: pair.privateKeyPem, certificatePem: pair.certificatePem };
}

export async function createSp(options: CreateSpOptions = {}): Promise<Sp> {
  const config = loadSpConfig(options.env ?? process.env, options.config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('sp-talentlms', config.logLevel);
  const database = resolveSpDatabase(config);
  // The default database lives in the data folder: 0700, tightened if an older version left it open.
  if (!options.store && database.kind === 'sqlite' && database.file === join(config.dataDir, 'sp.db')) {
    ensurePrivateDir(config.dataDir, logger);
  }
  const notWritable = (err: unknown) =>
    spError('database_not_writable', notWritableAtStart('SP', database, 'SP_DATABASE_URL', err), { cause: err });
  const store =
    options.store ??
    (await createStore(database, { logger }).catch((err: unknown) => {
      throw isStorageFault(err) ? notWritable(err) : err;
    }));
  try {
    // A read-only file opens and migrates fine: refuse to start (and so to report ready) on it.
    await store.maintenance.probeWrite();
  } catch (err) {
    if (!options.store) await store.close();
    throw notWritable(err);
  }
  const operations = spOperations({ config, store, clock, logger });
  const countSignIn = signInCounter(operations);
  // Load shedding: a bounded queue of password checks; past it a sign-in gets 503 "busy" at once.
  const verifyPassword = boundedPasswordVerifier(options.verifyPassword ?? scryptVerify, {
    concurrency: config.passwordConcurrency,
    queueLimit: config.passwordQueueLimit,
  });
  const identityConflicts = identityConflictReport(await store.users.identityConflicts());
  if (identityConflicts) logger.warn({ reason: 'identity_key_conflict' }, identityConflicts);
  const sso = createSsoService(store, clock);
  const services: SpServices = {
    sso,
    account: createAccountService(store, sso, clock),
    users: await createUserService({
      store,
      clock,
      adminUser: config.adminUser,
      adminPassword: config.adminPassword,
      logger,
      verifyPassword,
      passwordHashCost: config.passwordHashCost,
    }),
    audit: countSignIns(createAuditService(store, clock, logger), countSignIn),
  };
  if (config.scimToken && (await services.account.seedScimToken(DEFAULT_TENANT, config.scimToken))) {
    logger.info({ tenant: DEFAULT_TENANT }, 'SP_SCIM_TOKEN stored as the initial SCIM API key (active once SAML SSO is configured)');
  }
  const encryptionKey = options.encryptionKey ?? (await loadEncryptionKey(config, logger));
  const ownTenant = new URL(config.baseUrl).hostname;
  certificateExpiryGauge(
    operations,
    {
      idpCertificatePem: async () => (await sso.getSettings(ownTenant)).certificatePem,
      dataDir: config.dataDir,
      encryptionCertificatePem: encryptionKey.certificatePem,
    },
    clock,
    logger,
  );
  const rejections = ssoRejections(store, { clock, logger, windowSeconds: config.rejectionWindowSeconds }, countSignIn);
  const deps: SpDeps = { config, store, services, clock, logger, adminKeyHash: hashToken(config.adminApiKey), encryptionKey, rejections };
  const sweeper = startSpSweeper(store, config, clock, logger);
  await sweeper.sweep().catch((err: unknown) => logger.warn({ err }, 'housekeeping at start failed'));

  const router = spRouter(deps);
  const scimRoutes = scimRouter(deps);

  const htmlErrors = errorHandler(logger, renderHtmlError);
  const jsonErrors = errorHandler(logger, renderJsonError);
  // X-Forwarded-* is trusted only from the configured number of proxies, counted from the right.
  const app = new Koa({ proxy: config.trustedProxyHops > 0, maxIpsCount: config.trustedProxyHops });
  app.use(operations.middleware);
  app.use(securityHeaders());
  app.use((ctx, next) => (ctx.path.startsWith('/api/') ? jsonErrors(ctx, next) : htmlErrors(ctx, next)));
  app.use(assets());
  app.use(tenantFromRequest(config.baseUrl));
  // SCIM v2 (RFC 7644) has its own error bodies, bearer key and rate limit; no cookies or sessions.
  const scim = scimApp(deps, scimRoutes);
  app.use((ctx, next) => (isScimPath(ctx.path) ? scim(ctx, next) : next()));
  // An https public URL means Secure cookies (web's sessions() allows them behind a TLS-terminating proxy).
  const secureCookies = config.baseUrl.startsWith('https:');
  app.use(
    sessions({
      cookieName: SESSION_COOKIE,
      store: store.sessions,
      clock,
      ttlSeconds: config.sessionTtlSeconds,
      secure: secureCookies,
      sameSite: 'lax',
      preAuthTtlSeconds: config.preAuthTtlSeconds,
      signedInKey: 'user',
    }),
  );
  app.use(loadUser(services.users));
  app.use(dropLoggedOutSessions({ store }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(async (ctx) => {
    if (ctx.status === 404 && ctx.body === undefined) {
      throw spError('not_found', 'There is nothing at this address.');
    }
  });

  return {
    app,
    routers: { lms: router, scim: scimRoutes },
    config,
    store,
    services,
    operations,
    sweepExpired: () => sweeper.sweep(),
    async close() {
      await sweeper.stop();
      await rejections.stop();
      operations.close();
      await store.close();
    },
  };
}
