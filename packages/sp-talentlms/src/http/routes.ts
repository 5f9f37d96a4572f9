// Every LMS route (pages, ACS, metadata, admin JSON API) on one router; SCIM lives in scim/scim-app.ts.
// Exported so a test can walk `router.stack` (every state-changing page route needs a CSRF token).
import Router from '@koa/router';
import { parseBody, routeSteps } from '@samlbridge/web';
import type { SpDeps } from '../deps.js';
import { ACS_PATH, METADATA_PATH } from '../tenant.js';
import { acsEndpoint } from './acs.js';
import { addUserEndpoints } from './add-user.js';
import { ADMIN_API_PREFIX, adminApiDocument, adminApiRoutes } from './admin-api.js';
import { SP_CHECKS } from './admin-api-schemas.js';
import { requireAdminKey } from './auth.js';
import { lmsEndpoints } from './lms.js';
import { metadataEndpoint } from './metadata.js';
import { settingsPageEndpoints } from './settings-page.js';
import { signInLogEndpoints } from './sign-in-log.js';
import { SLO_PATH, singleLogoutEndpoint } from './single-logout.js';
import { SLO_SOAP_PATH, singleLogoutSoapEndpoint } from './single-logout-soap.js';
import { spLoginEndpoint } from './sp-login.js';

export function spRouter(deps: SpDeps): Router {
  const router = new Router();
  const lms = lmsEndpoints(deps);
  const addUser = addUserEndpoints(deps);
  const settingsPage = settingsPageEndpoints(deps);
  const signInLog = signInLogEndpoints(deps);
  const api = adminApiRoutes(deps);
  const openApi = JSON.stringify(adminApiDocument(deps.config.baseUrl, api), null, 2);
  const adminKey = requireAdminKey(deps.adminKeyHash);

  router.post(`${ACS_PATH}/:host`, ...acsEndpoint(deps));
  router.get(`${METADATA_PATH}/:host`, ...metadataEndpoint(deps));
  router.get('/index/ssologin/service\\:saml', ...spLoginEndpoint(deps));
  // SAML Single Logout: both bindings; a cross-site POST by design (the signed message is the credential).
  router.get(`${SLO_PATH}/:host`, ...singleLogoutEndpoint(deps));
  router.post(`${SLO_PATH}/:host`, ...singleLogoutEndpoint(deps));
  // Back-channel (SOAP) Single Logout: server to server, no cookie; only a LogoutRequest signed by the IdP acts.
  router.post(SLO_SOAP_PATH, ...singleLogoutSoapEndpoint(deps));
  router.get('/', ...lms.signIn);
  router.get('/index', ...lms.signIn);
  router.post('/index/login', ...lms.passwordSignIn);
  router.get('/dashboard', ...lms.dashboard);
  router.get('/index/logout', ...lms.signOut);
  router.post('/index/logout', ...lms.signOutForm);
  router.get('/api/session', ...lms.session);
  router.get('/account/users', ...lms.users);
  router.get('/account/users/trash', ...lms.trash);
  router.get('/account/users/new', ...addUser.show);
  router.post('/account/users/new', ...addUser.create);
  router.post('/account/users/:id/delete', ...lms.deleteUser);
  router.post('/account/users/:id/restore', ...lms.restoreUser);
  router.get('/account/users/:id/purge', ...lms.confirmPurge);
  router.post('/account/users/:id/purge', ...lms.purgeUser);
  router.get('/account/users/sso', ...settingsPage.show);
  router.post('/account/users/sso', ...settingsPage.save);
  router.post('/account/users/sso/scim', ...settingsPage.scim);
  router.get('/account/users/sso/scim/key', ...settingsPage.scimKey);
  router.get('/account/users/sso/sign-ins', ...signInLog.list);
  router.get('/account/users/sso/sign-ins/:id', ...signInLog.show);
  // Public: the description holds no data.
  router.get(`${ADMIN_API_PREFIX}/openapi.json`, async (ctx) => {
    ctx.type = 'application/json';
    ctx.body = openApi;
  });
  for (const route of api) router[route.method](`${ADMIN_API_PREFIX}${route.path}`, adminKey, parseBody(), ...routeSteps(route, SP_CHECKS));
  return router;
}
