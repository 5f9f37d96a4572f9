// An admin form sent after the admin session expired: instead of a bare "Access denied", the admin signs in again
// and comes back to the form, with what was typed filled in again where that is safe (never passwords, keys,
// tokens or codes: those are dropped and must be typed again). Only a same-origin POST is kept (Sec-Fetch-Site, or
// Origin: our pages send no Referer), so another site cannot pre-fill an admin's form; the admin reviews and
// submits it again.
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { IdpDeps } from '../../deps.js';
import { flash, seeOther } from './flash.js';

const KEPT_FORM = 'expiredAdminForm';
const SECRET_FIELD = /pass|secret|token|key|code|otp|csrf|pem|certificate/i;
const MAX_FIELDS = 60;
const MAX_VALUE = 4096;

interface KeptForm {
  /** The page the form is on (where the admin comes back to). */
  page: string;
  /** The form's action path. */
  action: string;
  fields: Record<string, string | string[]>;
}

/** Fetch Metadata (W3C): the browser says the POST came from our own pages; else an Origin that is ours. */
function sameOrigin(ctx: ParameterizedContext, baseUrl: string): boolean {
  const site = ctx.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = ctx.get('origin');
  try {
    return origin !== '' && origin !== 'null' && new URL(origin).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/** The form's page: the action itself when it is a page (GET), else its parent (`/admin/users/7/suspend` → `/admin/users/7`). */
function formPage(action: string, isPage: (path: string) => boolean): string {
  for (let path = action; path.startsWith('/admin/') && path !== '/admin/login'; path = path.slice(0, path.lastIndexOf('/'))) {
    if (isPage(path)) return path;
  }
  return '/admin/applications';
}

function safeFields(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body).slice(0, MAX_FIELDS)) {
    if (SECRET_FIELD.test(name)) continue;
    if (typeof value === 'string' && value.length <= MAX_VALUE) out[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length <= MAX_VALUE)) out[name] = value as string[];
  }
  return out;
}

/**
 * Before the CSRF check of every admin POST: no signed-in admin (the session expired, so its CSRF token is gone
 * too) → keep the safe input, say what happened, and send the admin to sign in and back to the form's page.
 */
export function keepFormWhenSessionExpired({ config }: IdpDeps, isPage: (path: string) => boolean): Middleware {
  return async (ctx, next) => {
    if (ctx.state.session.get('adminId')) return next();
    const page = formPage(ctx.path, isPage);
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const kept = sameOrigin(ctx, config.baseUrl) ? safeFields(body) : {};
    if (Object.keys(kept).length) ctx.state.session.set(KEPT_FORM, { page, action: ctx.path, fields: kept } satisfies KeptForm);
    flash(
      ctx,
      'warn',
      `Your admin session expired, so nothing was changed. Sign in again to go back to the form${
        Object.keys(kept).length ? ': what you typed is kept there, except passwords, keys and codes.' : '.'
      }`,
    );
    seeOther(ctx, `/admin/login?next=${encodeURIComponent(page)}`);
  };
}

/** On the form's page after signing in again: the kept input (filled in by /assets/restore-form.js) and a notice. */
export function restoredForm(ctx: ParameterizedContext): SafeHtml {
  const kept = ctx.state.session.get<KeptForm>(KEPT_FORM);
  if (!kept || !ctx.state.admin || kept.page !== ctx.path) return html``;
  ctx.state.session.delete(KEPT_FORM);
  return html`<div class="alert warn" role="status" id="restored-form-notice">Your admin session had expired, so the form was not sent. What you typed is filled in again below (passwords, keys and codes excepted): check it and submit again.</div>
<div hidden id="restored-form" data-action="${kept.action}" data-fields="${JSON.stringify(kept.fields)}"></div><script src="/assets/restore-form.js" defer></script>`;
}
