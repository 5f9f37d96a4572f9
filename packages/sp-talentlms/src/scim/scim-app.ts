// The /api/scim2 surface: one error handler rendering RFC 7644 §3.12 bodies, the API key, the rate limit, then routes.
import Router from '@koa/router';
import { errorHandler, noCache, parseBody } from '@samlbridge/web';
import type { Middleware } from 'koa';
import compose from 'koa-compose';
import type { SpDeps } from '../deps.js';
import { discoveryEndpoints } from './discovery-endpoints.js';
import { renderScimError, ScimError } from './errors.js';
import { groupsEndpoints } from './groups-endpoints.js';
import { requireScimKey, scimRateLimit } from './guard.js';
import { rootEndpoints } from './root-endpoints.js';
import { usersEndpoints } from './users-endpoints.js';

export const SCIM_PREFIX = '/api/scim2';

export function isScimPath(path: string): boolean {
  return path === SCIM_PREFIX || path.startsWith(`${SCIM_PREFIX}/`);
}

/** The SCIM v2 routes (RFC 7644 §3), bearer-key authenticated by scimApp. */
export function scimRouter(deps: SpDeps): Router {
  const router = new Router({ prefix: SCIM_PREFIX });
  const discovery = discoveryEndpoints();
  const users = usersEndpoints(deps);
  const groups = groupsEndpoints(deps);
  const root = rootEndpoints(deps);

  router.post('/.search', ...root.search);
  router.post('/Bulk', ...root.bulk);
  router.get('/ServiceProviderConfig', ...discovery.spConfig);
  router.get('/ResourceTypes', ...discovery.resourceTypes);
  router.get('/ResourceTypes/:id', ...discovery.resourceType);
  router.get('/Schemas', ...discovery.schemas);
  router.get('/Schemas/:id', ...discovery.schema);
  router.get('/Users', ...users.list);
  router.post('/Users/.search', ...users.search);
  router.post('/Users', ...users.create);
  router.get('/Users/:id', ...users.get);
  router.put('/Users/:id', ...users.replace);
  router.patch('/Users/:id', ...users.patch);
  router.delete('/Users/:id', ...users.delete);
  router.get('/Groups', ...groups.list);
  router.post('/Groups/.search', ...groups.search);
  router.post('/Groups', ...groups.create);
  router.get('/Groups/:id', ...groups.get);
  router.put('/Groups/:id', ...groups.replace);
  router.patch('/Groups/:id', ...groups.patch);
  router.delete('/Groups/:id', ...groups.delete);
  return router;
}

/** Everything under /api/scim2, as one middleware (mounted before the app's other routes). */
export function scimApp(deps: SpDeps, router: Router = scimRouter(deps)): Middleware {
  const notFound: Middleware = async function notFound(ctx) {
    if (ctx.status === 405) throw new ScimError(405, undefined, `${ctx.method} is not supported on ${ctx.path}`);
    throw new ScimError(404, undefined, `There is no SCIM endpoint at ${ctx.path.slice(0, 200)}`);
  };

  return compose([
    errorHandler(deps.logger, renderScimError),
    noCache,
    requireScimKey(deps),
    scimRateLimit(deps),
    parseBody({ jsonLimit: '1mb' }),
    router.routes() as Middleware,
    router.allowedMethods() as Middleware,
    notFound,
  ]);
}
