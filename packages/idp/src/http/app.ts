import { Router } from '@koa/router';
import { SamlbridgeError } from '@samlbridge/protocol';
import { assets, errorHandler, parseBody, securityHeaders } from '@samlbridge/web';
import Koa, { type Middleware } from 'koa';
import { adminApi } from './api/index.js';
import { idpSessions } from './auth-session.js';
import type { IdpDeps } from './deps.js';
import { loginRoutes } from './login.js';
import { metadataRoutes } from './metadata.js';
import { renderErrorPage } from './pages.js';
import { requestLog } from './request-log.js';
import { ssoEndpoint } from './sso/index.js';
import { userConsoleRoutes } from './user-console.js';

const notFoundPage: Middleware = async (ctx) => {
  throw new SamlbridgeError('not_found', `There is no page at ${ctx.path}.`, { status: 404 });
};

/** The IdP's Koa app (DESIGN §2 URLs). No listening here: the caller uses web's listen(). */
export function buildIdpApp(deps: IdpDeps): Koa {
  const app = new Koa();
  // Behind a TLS-terminating proxy (https base URL) the Secure cookie needs X-Forwarded-Proto.
  app.proxy = deps.config.baseUrl.startsWith('https:');
  app.silent = true;

  const router = new Router();
  const sso = ssoEndpoint(deps);
  const sessions = idpSessions(deps);
  const meta = metadataRoutes(deps);
  const login = loginRoutes(deps);
  const userConsole = userConsoleRoutes(deps);

  router.get('/', (ctx) => ctx.redirect('/userconsole/'));
  router.get('/saml2/:app/metadata', ...meta.metadata);
  router.get('/saml2/:app/certificate.pem', ...meta.certificate);
  // The SSO IdP URL takes both bindings; the POST is cross-site by design (no CSRF token: the SAML message is the credential).
  router.get('/saml2/:app', sessions, ...sso);
  router.post('/saml2/:app', sessions, parseBody(), ...sso);
  router.get('/login', ...login.get);
  router.post('/login', ...login.post);
  // '/userconsole' matches with and without the trailing slash; the handler redirects to the canonical '/userconsole/'.
  router.get('/userconsole', ...userConsole.console);
  router.post('/logout', ...userConsole.logout);

  app.use(requestLog(deps.logger));
  app.use(securityHeaders());
  app.use(adminApi(deps));
  app.use(errorHandler(deps.logger, renderErrorPage));
  app.use(assets());
  app.use(router.routes());
  app.use(notFoundPage);
  return app;
}
