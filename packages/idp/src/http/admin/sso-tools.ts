// Admin portal tools for SAML troubleshooting: the per-login trace behind Directory Insights, and the SP test bench.
import type { Router } from '@koa/router';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import { showSsoTrace } from './sso-trace-page.js';

export function ssoToolRoutes(router: Router, deps: IdpDeps, admin: Middleware, _post: Middleware[]): void {
  router.get('/insights/traces/:id', admin, showSsoTrace(deps));
}
