// The admin portal at /admin/: server-rendered, CSRF on every form, its own admin session.
import { Router } from '@koa/router';
import { noCache, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import * as panel from './application-panel.js';
import * as apps from './applications-list.js';
import * as groups from './groups.js';
import { identityManagementPages } from './identity-management.js';
import { showInsights } from './insights.js';
import { exportInsightsCsv } from './insights-csv.js';
import { invitationPortalRoutes } from './invitations.js';
import { adminSessions, requireAdmin } from './kit/admin-session.js';
import { auditPortal } from './kit/audit-portal.js';
import { keepFormWhenSessionExpired } from './kit/expired-form.js';
import { parseForm } from './kit/form-body.js';
import { adminLogin } from './login.js';
import * as metadataImport from './metadata-import.js';
import { adminMfaRoutes } from './mfa.js';
import * as signingKeys from './signing-keys.js';
import { saveSingleLogout } from './single-logout-form.js';
import { ssoToolRoutes } from './sso-tools.js';
import { endSessions } from './user-sessions.js';
import * as users from './users.js';

export function adminRouter(deps: IdpDeps): Router {
  const router = new Router({ prefix: '/admin' });
  const login = adminLogin(deps);
  const admin = requireAdmin(deps);
  // Every POST: form parsed, an expired session sent to sign in (input kept), CSRF token checked, admin signed in, audited.
  const isPage = (path: string) => router.match(path, 'GET').route;
  const post = [parseForm(), keepFormWhenSessionExpired(deps, isPage), requireCsrf, admin, auditPortal(deps)];

  router.get('/', admin, (ctx) => ctx.redirect('/admin/applications'));
  router.get('/login', login.show);
  router.post('/login', parseForm(), requireCsrf, login.submit);
  router.post('/logout', parseForm(), requireCsrf, login.signOut);
  router.get('/icons/:icon.svg', apps.sendIcon);

  router.get('/applications', admin, apps.listApplications(deps));
  router.get('/applications/new', admin, apps.showCatalog);
  router.get('/applications/new/:catalogId', admin, apps.showCreateForm(deps));
  router.post('/applications', ...post, apps.createApplication(deps));
  router.post('/applications/delete', ...post, apps.bulkDelete(deps));
  router.get('/applications/:id/created', admin, apps.showCreated(deps));
  router.get('/applications/:id', admin, panel.showGeneral(deps));
  router.post('/applications/:id/general', ...post, panel.saveGeneral(deps));
  router.get('/applications/:id/sso', admin, panel.showSso(deps));
  router.post('/applications/:id/sso', ...post, panel.saveSso(deps));
  router.post('/applications/:id/single-logout', ...post, saveSingleLogout(deps));
  router.get('/applications/:id/bookmark', admin, panel.showBookmark(deps));
  router.post('/applications/:id/bookmark', ...post, panel.saveBookmark(deps));
  router.post('/applications/:id/deactivate', ...post, panel.setActive(deps, false));
  router.post('/applications/:id/activate', ...post, panel.setActive(deps, true));
  router.get('/applications/:id/metadata-import', admin, metadataImport.showMetadataImport(deps));
  router.post('/applications/:id/metadata-import/preview', ...post, metadataImport.previewMetadataImport(deps));
  router.post('/applications/:id/metadata-import', ...post, metadataImport.applyMetadataImport(deps));
  router.get('/applications/:id/groups', admin, panel.showGroups(deps));
  router.post('/applications/:id/groups', ...post, panel.saveGroups(deps));
  identityManagementPages(router, deps, panel.panel, admin, post);

  router.get('/users', admin, users.listUsers(deps));
  router.post('/users', ...post, users.createUser(deps));
  router.get('/users/:id', admin, users.showUser(deps));
  router.post('/users/:id', ...post, users.updateUser(deps));
  router.post('/users/:id/suspend', ...post, users.setUserStatus(deps, 'suspended'));
  router.post('/users/:id/activate', ...post, users.setUserStatus(deps, 'active'));
  router.post('/users/:id/password', ...post, users.setUserPassword(deps));
  router.post('/users/:id/delete', ...post, users.deleteUser(deps));
  router.post('/users/:id/end-sessions', ...post, endSessions(deps));
  invitationPortalRoutes(router, deps, admin, post); // /admin/users/:id/invitation, /admin/invitations

  router.get('/groups', admin, groups.listGroups(deps));
  router.post('/groups', ...post, groups.createGroup(deps));
  router.get('/groups/:id', admin, groups.showGroup(deps));
  router.post('/groups/:id', ...post, groups.renameGroup(deps));
  router.post('/groups/:id/delete', ...post, groups.deleteGroup(deps));
  router.post('/groups/:id/members', ...post, groups.addMember(deps));
  router.post('/groups/:id/members/:userId/remove', ...post, groups.removeMember(deps));
  router.post('/groups/:id/applications', ...post, groups.saveGroupApplications(deps));

  router.get('/insights', admin, showInsights(deps));
  router.get('/insights.csv', admin, exportInsightsCsv(deps));
  ssoToolRoutes(router, deps, admin, post); // /admin/insights/traces/:id, /admin/applications/:id/bench

  router.get('/signing-keys', admin, signingKeys.showSigningKeys(deps));
  router.post('/signing-keys/generate', ...post, signingKeys.generateNextKey(deps));
  router.post('/signing-keys/:id/activate', ...post, signingKeys.activateKey(deps));
  router.post('/signing-keys/:id/retire', ...post, signingKeys.retireKey(deps));
  adminMfaRoutes(router, deps, admin, post, [parseForm(), requireCsrf]); // /admin/security, /admin/users/:id/mfa, /admin/login/mfa
  return router;
}

/** Mounted before the public routes; errors render as HTML pages (the app's error handler). */
export function adminPortal(deps: IdpDeps, router: Router = adminRouter(deps)): Middleware {
  const routes = router.routes() as Middleware;
  const sessions = adminSessions(deps);
  return async (ctx, next) => {
    if (ctx.path !== '/admin' && !ctx.path.startsWith('/admin/')) return next();
    if (ctx.path === '/admin') return ctx.redirect('/admin/');
    await noCache(ctx, () => sessions(ctx, () => routes(ctx, next)));
  };
}
