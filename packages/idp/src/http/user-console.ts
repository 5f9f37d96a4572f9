import { csrfToken, html, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { currentUser, idpSessions } from './auth-session.js';
import type { IdpDeps } from './deps.js';
import { BRAND as BRAND_NAME, renderPage } from './pages.js';
import { consoleLogout } from './slo/console-logout.js';

const showConsole =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    if (ctx.path === '/userconsole') return ctx.redirect('/userconsole/');
    const current = await currentUser(ctx, deps);
    if (!current) return ctx.redirect('/login?next=/userconsole/');
    const { user } = current;
    const apps = await deps.services.authorization.consoleTiles(user.id);
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
    const tiles = apps.map((app) => {
      // Bookmark tiles link straight to their URL; SSO tiles launch through the SSO IdP URL (IdP-initiated).
      const bookmark = app.kind === 'bookmark';
      const href = bookmark ? (app.bookmarkUrl ?? '#') : `/saml2/${encodeURIComponent(app.name)}`;
      return html`<li class="tile"><a href="${href}" data-app="${app.name}"><img src="/images/applications/${app.id}" alt="" width="48" height="48"><span class="name">${app.displayLabel}</span>${
        app.description ? html`<span class="desc">${app.description}</span>` : ''
      }<span class="kind">${bookmark ? 'Bookmark' : 'Single sign-on'}</span></a></li>`;
    });
    renderPage(
      ctx,
      'My applications',
      html`<h1>Hello, ${name}</h1>
<p class="lead">Choose an application: you are signed in to each of them with your ${BRAND_NAME} account.</p>
${
  tiles.length
    ? html`<ul class="tiles" aria-label="Your applications">${tiles}</ul>`
    : html`<div class="card"><p>You have no applications yet. Ask your administrator to add you to a group bound to an application.</p></div>`
}`,
      { signedIn: true, csrf: csrfToken(ctx), who: user.username },
    );
  };

/** Ends the IdP session and logs out every session participant (Single Logout, slo/console-logout.ts). */
const logout =
  (deps: IdpDeps): Middleware =>
  (ctx) =>
    consoleLogout(ctx, deps);

export function userConsoleRoutes(deps: IdpDeps) {
  const sessions = idpSessions(deps);
  return {
    console: [noCache, sessions, showConsole(deps)],
    logout: [noCache, sessions, parseBody(), requireCsrf, logout(deps)],
  };
}
