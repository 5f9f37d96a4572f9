// Admin portal tools for SAML troubleshooting: the per-login trace behind Directory Insights, and the SP test bench.
import type { Router } from '@koa/router';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import { launchBenchCase, runBench, showBench } from './sp-bench.js';
import { showSsoTrace } from './sso-trace-page.js';

export function ssoToolRoutes(router: Router, deps: IdpDeps, admin: Middleware, post: Middleware[]): void {
  router.get('/insights/traces/:id', admin, showSsoTrace(deps));
  router.get('/applications/:id/bench', admin, showBench(deps));
  router.post('/applications/:id/bench/launch', ...post, launchBenchCase(deps));
  router.post('/applications/:id/bench/run', ...post, runBench(deps));
}
