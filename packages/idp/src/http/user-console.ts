import { csrfToken, html, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { currentUser, idpSessions } from './auth-session.js';
import type { IdpDeps } from './deps.js';
import { renderPage } from './pages.js';

const showConsole =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    if (ctx.path === '/userconsole') return ctx.redirect('/userconsole/');
    const current = await currentUser(ctx, deps);
    if (!current) return ctx.redirect('/login?next=/userconsole/');
    const { user } = current;
    const apps = await deps.services.authorization.launchableApplications(user.id);
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
    const tiles = apps.map(
      (app) =>
        html`<li class="tile"><a href="/saml2/${encodeURIComponent(app.name)}"><span class="name">${app.displayLabel}</span><span class="desc">${app.description}</span></a></li>`,
    );
    renderPage(
      ctx,
      'My applications',
      html`<h1>Hello, ${name}</h1>
${
  tiles.length
    ? html`<ul class="tiles">${tiles}</ul>`
    : html`<div class="card"><p>You have no applications yet. Ask your administrator to add you to a group bound to an application.</p></div>`
}`,
      { signedIn: true, csrf: csrfToken(ctx) },
    );
  };

const logout: Middleware = async (ctx) => {
  ctx.state.session.destroy();
  ctx.redirect('/login');
};

export function userConsoleRoutes(deps: IdpDeps) {
  const sessions = idpSessions(deps);
  return {
    console: [noCache, sessions, showConsole(deps)],
    logout: [noCache, sessions, parseBody(), requireCsrf, logout],
  };
}
