// The SP's page shell: web's layout with the LMS brand and navigation.
import type { SamlbridgeError } from '@samlbridge/protocol';
import { html, page, type SafeHtml } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';

export const BRAND = 'TalentLMS';

export interface NavUser {
  login: string;
  role: 'superadmin' | 'learner';
}

export function nav(user: NavUser | undefined): SafeHtml {
  if (!user) return html`<nav><a href="/">Sign in</a></nav>`;
  return html`<nav><a href="/dashboard">Home</a>${
    user.role === 'superadmin' ? html`<a href="/account/users">Users</a><a href="/account/users/sso">Single Sign-On (SSO)</a>` : ''
  }<a href="/index/logout">Sign out (${user.login})</a></nav>`;
}

export function renderPage(ctx: ParameterizedContext, title: string, body: SafeHtml, user?: NavUser): void {
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = page({ title, brand: BRAND, body, nav: nav(user), theme: 'sp' });
}

/** HTML error page: status, a sentence a person can act on, the reason code; never SAML or secrets. */
export function renderHtmlError(ctx: ParameterizedContext, err: SamlbridgeError): void {
  const message = err.expose ? err.message : 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.';
  const title =
    err.status === 404
      ? 'Page not found'
      : err.code === 'csrf_failed'
        ? 'Form expired'
        : ctx.state.ssoFailure
          ? 'Single sign-on failed'
          : 'Something went wrong';
  renderPage(
    ctx,
    title,
    html`<section class="card narrow">
<h1>${title}</h1>
<p class="alert error" role="alert">${message}</p>
<p class="hint">Reason code: <code class="mono" data-reason="${err.code}">${err.code}</code> (HTTP ${err.status})</p>
<p><a class="button secondary" href="/">Back to the sign-in page</a></p>
</section>`,
  );
}

declare module 'koa' {
  interface DefaultState {
    ssoFailure?: boolean;
  }
}
