// The MFA pages of the public router: the factor step of sign-in and the user console's Security page.
import type { Router } from '@koa/router';
import type { IdpDeps } from '../deps.js';
import { factorStepRoutes } from './factor-step.js';
import { passkeyRoutes } from './passkey-routes.js';
import { securityRoutes } from './security-page.js';

export function mfaRoutes(deps: IdpDeps, router: Router): void {
  const step = factorStepRoutes(deps);
  router.get('/login/mfa', ...step.get);
  router.post('/login/mfa', ...step.post);
  const security = securityRoutes(deps);
  router.get('/userconsole/security', ...security.page);
  router.get('/userconsole/security/totp', ...security.totpPage);
  router.post('/userconsole/security/totp', ...security.totpConfirm);
  router.post('/userconsole/security/factors/:id/remove', ...security.removeFactor);
  router.post('/userconsole/security/recovery-codes', ...security.regenerateCodes);
  passkeyRoutes(deps, router);
}
