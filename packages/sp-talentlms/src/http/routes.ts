// Every LMS route (pages, ACS, metadata, admin JSON API) on one router; SCIM lives in scim/scim-app.ts.
// Exported so a test can walk `router.stack` (every state-changing page route needs a CSRF token).
import Router from '@koa/router';
import { parseBody } from '@samlbridge/web';
import type { SpDeps } from '../deps.js';
import { ACS_PATH, METADATA_PATH } from '../tenant.js';
import { acsEndpoint } from './acs.js';
import { adminApi } from './admin-api.js';
import { requireAdminKey } from './auth.js';
import { lmsEndpoints } from './lms.js';
import { metadataEndpoint } from './metadata.js';
import { settingsPageEndpoints } from './settings-page.js';
import { spLoginEndpoint } from './sp-login.js';

export function spRouter(deps: SpDeps): Router {
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
  router.post('/index/logout', ...lms.signOutForm);
  router.get('/api/session', ...lms.session);
  router.get('/account/users', ...lms.users);
  router.get('/account/users/trash', ...lms.trash);
  router.post('/account/users/:id/delete', ...lms.deleteUser);
  router.post('/account/users/:id/restore', ...lms.restoreUser);
  router.get('/account/users/:id/purge', ...lms.confirmPurge);
  router.post('/account/users/:id/purge', ...lms.purgeUser);
  router.get('/account/users/sso', ...settingsPage.show);
  router.post('/account/users/sso', ...settingsPage.save);
  router.post('/account/users/sso/scim', ...settingsPage.scim);
  router.get('/api/admin/sso', adminKey, api.getSso);
  router.put('/api/admin/sso', adminKey, parseBody(), api.putSso);
  router.get('/api/admin/events', adminKey, api.listEvents);
  router.get('/api/admin/users', adminKey, api.listUsers);
  router.get('/api/admin/scim', adminKey, api.getScim);
  router.post('/api/admin/scim', adminKey, api.enableScim);
  router.delete('/api/admin/scim', adminKey, api.disableScim);
  router.get('/api/admin/account', adminKey, api.getAccount);
  router.put('/api/admin/account', adminKey, parseBody(), api.putAccount);
  return router;
}
