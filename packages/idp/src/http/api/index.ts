import { Router } from '@koa/router';
import { type ApiRoute, errorHandler, noCache, parseBody, renderJsonError, routeSteps, toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import compose from 'koa-compose';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';
import { applicationRoutes } from './application-routes.js';
import { assertionEncryptionRoutes } from './assertion-encryption-routes.js';
import { requireApiKey } from './auth.js';
import { API_CHECKS } from './checks.js';
import { directoryRoutes } from './directory-routes.js';
import { eventRoutes } from './event-routes.js';
import { identityManagementRoutes } from './identity-management-routes.js';
import { invitationRoutes } from './invitation-routes.js';
import { metadataImportRoutes } from './metadata-import-routes.js';
import { mfaRoutes } from './mfa-routes.js';
import { adminApiDocument } from './openapi.js';
import { signingKeyRoutes } from './signing-key-routes.js';
import { singleLogoutRoutes } from './single-logout-routes.js';
import { standardOidRoutes } from './standard-oid-routes.js';

/** Each state-changing API call is an `admin_api` event (method, path, outcome; never the body). */
const auditWrites =
  ({ services }: IdpDeps): Middleware =>
  async (ctx, next) => {
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return next();
    let code: string | null = null;
    try {
      await next();
    } catch (err) {
      code = toSamlbridgeError(err).code;
      throw err;
    } finally {
      await services.events.record({
        type: 'admin_api',
        initiator: 'admin-api',
        resource: `${ctx.method} ${ctx.path}`,
        success: code === null && ctx.status < 400,
        reason: code,
      });
    }
  };

const notFound: Middleware = async (ctx) => {
  if ((ctx as { matched?: unknown[] }).matched?.length) {
    throw adminError('method_not_allowed', `${ctx.method} is not supported on ${ctx.path}`);
  }
  throw adminError('not_found', `No API endpoint ${ctx.method} ${ctx.path}`);
};

/** The route table: the router and the OpenAPI document are both made from it. */
export function apiRoutes(deps: IdpDeps): ApiRoute[] {
  return [
    ...directoryRoutes(deps),
    ...applicationRoutes(deps),
    ...assertionEncryptionRoutes(deps),
    ...standardOidRoutes(deps),
    ...singleLogoutRoutes(deps),
    ...eventRoutes(deps),
    ...identityManagementRoutes(deps),
    ...signingKeyRoutes(deps),
    ...metadataImportRoutes(deps),
    ...mfaRoutes(deps),
    ...invitationRoutes(deps),
  ];
}

/** Every admin API route (exported so a test can compare it with the OpenAPI document). */
export function apiRouter(deps: IdpDeps, routes: readonly ApiRoute[] = apiRoutes(deps)): Router {
  const router = new Router({ prefix: '/api' });
  for (const route of routes) router[route.method](route.path, ...routeSteps(route, API_CHECKS));
  return router;
}

/** The admin JSON API under /api: its own error surface (JSON), API-key auth, body limits. */
export function adminApi(deps: IdpDeps, router: Router = apiRouter(deps)): Middleware {
  const steps = compose([
    errorHandler(deps.logger, renderJsonError),
    noCache,
    requireApiKey(deps),
    parseBody(),
    auditWrites(deps),
    router.routes() as Middleware,
    notFound,
  ]);
  const openApi = JSON.stringify(adminApiDocument(deps.config.baseUrl, apiRoutes(deps)), null, 2);
  return async (ctx, next) => {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
    if (ctx.path === '/api/openapi.json' && ctx.method === 'GET') {
      // Public: the description holds no data.
      ctx.type = 'application/json';
      ctx.body = openApi;
      return;
    }
    await steps(ctx, next);
  };
}
