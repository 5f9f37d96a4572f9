// createSp(): builds one self-contained SP (config, store, services, Koa app). No module-level state,
// so tests can start several in one process.
import Router from '@koa/router';
import { SamlbridgeError } from '@samlbridge/protocol';
import {
  assets,
  type Clock,
  createLogger,
  errorHandler,
  hashToken,
  type Logger,
  parseBody,
  renderJsonError,
  securityHeaders,
  sessions,
  systemClock,
} from '@samlbridge/web';
import Koa from 'koa';
import { loadSpConfig, type SpConfig, sqliteFileFor } from './config.js';
import type { SpDeps, SpServices } from './deps.js';
import { acsEndpoint } from './http/acs.js';
import { adminApi } from './http/admin-api.js';
import { loadUser, requireAdminKey } from './http/auth.js';
import { lmsEndpoints } from './http/lms.js';
import { metadataEndpoint } from './http/metadata.js';
import { settingsPageEndpoints } from './http/settings-page.js';
import { spLoginEndpoint } from './http/sp-login.js';
import { createAuditService } from './lms/audit.js';
import { createUserService } from './lms/users.js';
import { createSsoService } from './sso/sso-service.js';
import { createSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/types.js';
import { ACS_PATH, METADATA_PATH, tenantFromRequest } from './tenant.js';
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
}

export interface Sp {
  app: Koa;
  config: SpConfig;
  store: Store;
  services: SpServices;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'sp_session';

export async function createSp(options: CreateSpOptions = {}): Promise<Sp> {
  const config = loadSpConfig(options.env ?? process.env, options.config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger('sp-talentlms', config.logLevel);
  const store = options.store ?? createSqliteStore(sqliteFileFor(config));
  const services: SpServices = {
    sso: createSsoService(store, clock),
    users: await createUserService({ store, clock, adminUser: config.adminUser, adminPassword: config.adminPassword }),
    audit: createAuditService(store, clock, logger),
  };
  const deps: SpDeps = { config, store, services, clock, logger, adminKeyHash: hashToken(config.adminApiKey) };

  const router = new Router();
  const lms = lmsEndpoints(deps);
  const settingsPage = settingsPageEndpoints(deps);
  const api = adminApi(deps);
  const adminKey = requireAdminKey(deps.adminKeyHash);

  router.post(`${ACS_PATH}/:host`, ...acsEndpoint(deps));
  router.get(`${METADATA_PATH}/:host`, ...metadataEndpoint(deps));
  router.get('/index/ssologin/service\\:saml', ...spLoginEndpoint(deps));
  router.get('/', ...lms.signIn);
  router.get('/index', ...lms.signIn);
  router.post('/index/login', ...lms.passwordSignIn);
  router.get('/dashboard', ...lms.dashboard);
  router.get('/index/logout', ...lms.signOut);
  router.post('/index/logout', ...lms.signOut);
  router.get('/api/session', ...lms.session);
  router.get('/account/users', ...lms.users);
  router.get('/account/users/sso', ...settingsPage.show);
  router.post('/account/users/sso', ...settingsPage.save);
  router.get('/api/admin/sso', adminKey, api.getSso);
  router.put('/api/admin/sso', adminKey, parseBody(), api.putSso);
  router.get('/api/admin/events', adminKey, api.listEvents);
  router.get('/api/admin/users', adminKey, api.listUsers);

  const htmlErrors = errorHandler(logger, renderHtmlError);
  const jsonErrors = errorHandler(logger, renderJsonError);
  const app = new Koa({ proxy: false });
  app.use(securityHeaders());
  app.use((ctx, next) => (ctx.path.startsWith('/api/') ? jsonErrors(ctx, next) : htmlErrors(ctx, next)));
  app.use(assets());
  app.use(tenantFromRequest(config.baseUrl));
  const secureCookies = config.baseUrl.startsWith('https:');
  if (secureCookies) {
    // The public URL is https, so TLS ends at a proxy in front of us: allow Secure cookies without trusting X-Forwarded-*.
    app.use(async (ctx, next) => {
      (ctx.cookies as unknown as { secure: boolean }).secure = true;
      await next();
    });
  }
  app.use(
    sessions({
      cookieName: SESSION_COOKIE,
      store: store.sessions,
      clock,
      ttlSeconds: config.sessionTtlSeconds,
      secure: secureCookies,
      sameSite: 'lax',
    }),
  );
  app.use(loadUser(services.users));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(async (ctx) => {
    if (ctx.status === 404 && ctx.body === undefined) {
      throw new SamlbridgeError('not_found', 'There is nothing at this address.', { status: 404 });
    }
  });

  return {
    app,
    config,
    store,
    services,
    async close() {
      await store.close();
    },
  };
}
