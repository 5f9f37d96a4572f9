// The SP's page shell: web's layout with the LMS brand and navigation.

import type { SamlbridgeError } from '@samlbridge/errors';
import { csrfToken, errorCard, html, isWebError, page, type SafeHtml } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';

export const BRAND = 'TalentLMS';

export interface NavUser {
  login: string;
  role: 'superadmin' | 'learner';
}

export function nav(user: NavUser | undefined, path = ''): SafeHtml {
  if (!user) return html`<nav aria-label="Main"><a href="/"${path === '/' ? html` aria-current="page"` : ''}>Sign in</a></nav>`;
  const link = (href: string, label: string, current: boolean) =>
    html`<a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<nav aria-label="Main">${link('/dashboard', 'Home', path === '/dashboard')}${
    user.role === 'superadmin' ? link('/account/users', 'Account & Settings', path.startsWith('/account/')) : ''
  }</nav>`;
}

function account(ctx: ParameterizedContext, user: NavUser | undefined): SafeHtml | undefined {
  if (!user) return undefined;
  return html`<span class="who">${user.login}</span><form method="post" action="/index/logout" class="inline"><input type="hidden" name="_csrf" value="${csrfToken(ctx)}"><button type="submit" class="secondary">Sign out</button></form>`;
}

/** Account & Settings → Users: the sub-navigation of the admin pages (TalentLMS: Users screen → Single Sign-On (SSO)). */
export function settingsTabs(current: 'users' | 'sso' | 'sign-ins' | 'trash'): SafeHtml {
  const items = [
    ['users', '/account/users', 'Users'],
    ['sso', '/account/users/sso', 'Single Sign-On (SSO)'],
    ['sign-ins', '/account/users/sso/sign-ins', 'Sign-in log'],
    ['trash', '/account/users/trash', 'Trash'],
  ] as const;
  return html`<p class="breadcrumb">Account &amp; Settings → Users</p><nav class="tabs" aria-label="Users settings"><ul>${items.map(
    ([key, href, label]) => html`<li><a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

export function renderPage(ctx: ParameterizedContext, title: string, body: SafeHtml, user?: NavUser): void {
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = page({
    title,
    brand: BRAND,
    body,
    nav: nav(user, ctx.path),
    account: account(ctx, user),
    theme: 'sp',
    wide: ctx.path.startsWith('/account/'),
  });
}

/** HTML error page: status, a sentence a person can act on, the reason code; never SAML or secrets. */
export function renderHtmlError(ctx: ParameterizedContext, err: SamlbridgeError): void {
  const title =
    err.status === 404
      ? 'Page not found'
      : isWebError(err, 'csrf_failed')
        ? 'Form expired'
        : ctx.state.ssoFailure
          ? 'Single sign-on failed'
          : 'Something went wrong';
  renderPage(
    ctx,
    title,
    errorCard(
      title,
      err,
      html`${ctx.state.ssoFailure ? signInFailureHelp(ctx, err) : ''}
<p class="hint">Reason code: <code class="mono" data-reason="${err.code}">${err.code}</code> (HTTP ${err.status})</p>
${ctx.state.ssoFailure && ctx.state.user ? '' : html`<p><a class="button secondary" href="/">Back to the sign-in page</a></p>`}
`,
    ),
    ctx.state.user,
  );
}

/** A message answered, or too old, while the person is signed in (the back button after sign-in): nothing is lost. */
const ALREADY_SIGNED_IN_REASONS = new Set(['replayed_assertion', 'unknown_in_response_to', 'expired']);

/** A refused sign-in: what to do or ask (person-help.ts), the admins' way to the sign-in log, or Continue. */
function signInFailureHelp(ctx: ParameterizedContext, err: SamlbridgeError): SafeHtml {
  const next = (err.details as { nextStep?: string } | undefined)?.nextStep;
  const user = ctx.state.user;
  return html`${next ? html`<p id="next-step"><strong>What to do:</strong> ${next}</p>` : ''}${
    user && ALREADY_SIGNED_IN_REASONS.has(err.code)
      ? html`<p id="already-signed-in">You are already signed in as <strong>${user.login}</strong>: nothing was lost.</p>
<p><a class="button" href="/dashboard">Continue to ${BRAND}</a></p>`
      : ''
  }
<p class="hint" id="admin-hint">Administrators: the <a href="/account/users/sso/sign-ins">sign-in log</a> (Account &amp; Settings → Users → Sign-in log) shows every check of this sign-in with the expected and the received value.</p>`;
}

declare module 'koa' {
  interface DefaultState {
    ssoFailure?: boolean;
  }
}
