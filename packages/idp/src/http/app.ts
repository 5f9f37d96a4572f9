import { Router } from '@koa/router';
import { assets, errorHandler, securityHeaders } from '@samlbridge/web';
import Koa, { type Middleware } from 'koa';
import { adminPortal, adminRouter } from './admin/index.js';
import { adminApi, apiRouter } from './api/index.js';
import { applicationImage } from './app-image.js';
import { idpSessions } from './auth-session.js';
import { consoleError } from './console-errors.js';
import type { IdpDeps } from './deps.js';
import { invitationRoutes } from './invitation-page.js';
import { loginRoutes } from './login.js';
import { metadataRoutes } from './metadata.js';
import { mfaRoutes } from './mfa/index.js';
import { renderErrorPage } from './pages.js';
import { requestLog } from './request-log.js';
import { sloRoutes } from './slo/slo-endpoint.js';
import { ssoEndpoint } from './sso/index.js';
import { limitSsoMessage, parseSsoBody } from './sso/limits.js';
import { userConsoleRoutes } from './user-console.js';

const notFoundPage: Middleware = async (ctx) => {
  throw consoleError('not_found', `There is no page at ${ctx.path}.`);
};

/** The routers the app mounts (a test walks them: every state-changing route needs CSRF unless exempt). */
export interface IdpRouters {
  /** Sign-in, user console, SSO IdP URL, metadata. */
  public: Router;
  /** The admin portal (/admin/**, its own session). */
  admin: Router;
  /** The admin JSON API (/api/**, x-api-key). */
  api: Router;
}

/** The IdP's Koa app. No listening here: the caller uses web's listen(). */
export function buildIdpApp(deps: IdpDeps): { app: Koa; routers: IdpRouters } {
  // X-Forwarded-* is trusted only from the configured number of proxies, counted from the right, so a
  // client cannot choose its own IP for the per-IP throttle. Secure cookies follow the public base URL.
  const hops = deps.config.trustedProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  app.silent = true;

  const router = new Router();
  const sso = ssoEndpoint(deps);
  const sessions = idpSessions(deps);
  const meta = metadataRoutes(deps);

  router.get('/', (ctx) => ctx.redirect('/userconsole/'));
  router.get('/saml2/:app/metadata', ...meta.metadata);
  router.get('/saml2/:app/certificate.pem', ...meta.certificate);
  // The SSO IdP URL takes both bindings; the POST is cross-site by design (no CSRF token: the SAML message is the credential).
  router.get('/saml2/:app', limitSsoMessage, sessions, ...sso);
  router.post('/saml2/:app', limitSsoMessage, sessions, parseSsoBody(), ...sso);
  const slo = sloRoutes(deps);
  // The SingleLogoutService takes both bindings; a cross-site POST by design (the signed SAML message is the credential).
  router.get('/saml2/:app/slo', limitSsoMessage, sessions, ...slo.endpoint);
  router.post('/saml2/:app/slo', limitSsoMessage, sessions, parseSsoBody(), ...slo.endpoint);
  router.get('/logout/continue', sessions, ...slo.continue);
  router.get('/logout/done', ...slo.done);
  const login = loginRoutes(deps);
  router.get('/login', ...login.get);
  router.post('/login', ...login.post);
  // '/userconsole' matches with and without the trailing slash; the handler redirects to the canonical '/userconsole/'.
  mfaRoutes(deps, router); // /login/mfa, /userconsole/security
  const userConsole = userConsoleRoutes(deps);
  router.get('/userconsole', ...userConsole.console);
  router.post('/logout', ...userConsole.logout);
  router.get('/images/applications/:id', applicationImage(deps));
  const invitation = invitationRoutes(deps); // the set-password link of an invitation
  router.get('/invitation', ...invitation.show);
  router.post('/invitation', ...invitation.submit);

  // /healthz, /readyz, /metrics and request timing by route template (web's operations.ts), before everything else.
  if (deps.operations) app.use(deps.operations.middleware);
  app.use(requestLog(deps.logger));
  app.use(securityHeaders());
  // Every instance signs with the key the store says is active (another instance may have activated a new one), and
  // serves the applications as they are now: one read of the configuration version per request (config-cache.ts).
  app.use(deps.configCache.refreshing());
  const routers: IdpRouters = { public: router, admin: adminRouter(deps), api: apiRouter(deps) };
  app.use(adminApi(deps, routers.api));
  app.use(errorHandler(deps.logger, renderErrorPage));
  app.use(assets());
  app.use(adminPortal(deps, routers.admin));
  app.use(router.routes());
  app.use(notFoundPage);
  return { app, routers };
}
