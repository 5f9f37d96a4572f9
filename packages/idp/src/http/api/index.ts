import { Router } from '@koa/router';
import { SamlbridgeError } from '@samlbridge/protocol';
import { errorHandler, noCache, parseBody, renderJsonError, toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { runSteps } from '../compose.js';
import type { IdpDeps } from '../deps.js';
import { applicationRoutes } from './application-routes.js';
import { requireApiKey } from './auth.js';
import { directoryRoutes } from './directory-routes.js';
import { eventRoutes } from './event-routes.js';
import { identityManagementRoutes } from './identity-management-routes.js';
import { openApiDocument } from './openapi.js';

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
    throw new SamlbridgeError('method_not_allowed', `${ctx.method} is not supported on ${ctx.path}`, { status: 405 });
  }
  throw new SamlbridgeError('not_found', `No API endpoint ${ctx.method} ${ctx.path}`, { status: 404 });
};

/** Every admin API route (exported so a test can compare it with the OpenAPI document). */
export function apiRouter(deps: IdpDeps): Router {
  const router = new Router({ prefix: '/api' });
  directoryRoutes(router, deps);
  applicationRoutes(router, deps);
  eventRoutes(router, deps);
  identityManagementRoutes(router, deps);
  return router;
}

/** The admin JSON API under /api: its own error surface (JSON), API-key auth, body limits. */
export function adminApi(deps: IdpDeps, router: Router = apiRouter(deps)): Middleware {
  const steps: Middleware[] = [
    errorHandler(deps.logger, renderJsonError),
    noCache,
    requireApiKey(deps),
    parseBody(),
    auditWrites(deps),
    router.routes() as Middleware,
    notFound,
  ];
  const openApi = JSON.stringify(openApiDocument(deps.config.baseUrl), null, 2);
  return async (ctx, next) => {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
    if (ctx.path === '/api/openapi.json' && ctx.method === 'GET') {
      // Public: the description holds no data.
      ctx.type = 'application/json';
      ctx.body = openApi;
      return;
    }
    await runSteps(ctx, steps);
  };
}
