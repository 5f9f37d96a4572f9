import type { SamlbridgeError } from '@samlbridge/errors';
import { type ErrorRenderer, errorCard, html, page, type SafeHtml, sameOriginPath } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';

export const BRAND = 'samlbridge';

/** Renders a full IdP page (shared layout, no inline script or style). */
export function renderPage(
  ctx: ParameterizedContext,
  title: string,
  body: SafeHtml,
  { signedIn = false, csrf, who }: NavOptions = {},
): void {
  const nav = signedIn
    ? html`<nav aria-label="User console"><a href="/userconsole/"${ctx.path === '/userconsole/' ? html` aria-current="page"` : ''}>My applications</a> <a href="/userconsole/security"${ctx.path.startsWith('/userconsole/security') ? html` aria-current="page"` : ''}>Security</a></nav>`
    : undefined;
  const account = signedIn
    ? html`${who ? html`<span class="who">${who}</span>` : ''}<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Sign out</button></form>`
    : undefined;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = page({ title, brand: BRAND, body, nav, account, theme: 'idp' });
}

export interface NavOptions {
  signedIn?: boolean;
  csrf?: string;
  /** Shown next to Sign out (the signed-in user's username). */
  who?: string;
}

const TITLES: Record<number, string> = {
  400: 'We could not process this sign-in request',
  401: 'Sign-in required',
  403: 'Access denied',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
};

/** A way forward an error may offer (`details.continueTo`): only ever a same-origin path. */
function continueLink(err: SamlbridgeError): { href: string; label: string } | undefined {
  const link = (err.details as { continueTo?: { href?: unknown; label?: unknown } } | undefined)?.continueTo;
  const href = sameOriginPath(link?.href);
  return href && typeof link?.label === 'string' ? { href, label: link.label } : undefined;
}

/** The HTML error page: a sentence a person can act on, plus the reason code for the administrator. */
export const renderErrorPage: ErrorRenderer = (ctx, err: SamlbridgeError) => {
  const title = TITLES[err.status] ?? 'Something went wrong';
  const next = err.expose ? continueLink(err) : undefined;
  renderPage(
    ctx,
    title,
    errorCard(
      title,
      err,
      html`<p class="hint">Reason code: <code>${err.code}</code></p>
${
  next
    ? html`<p><a class="button" href="${next.href}">${next.label}</a></p>
`
    : ''
}<p><a href="/userconsole/">Go to my applications</a></p>
`,
    ),
  );
};
