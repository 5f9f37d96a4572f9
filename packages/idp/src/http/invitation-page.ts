// The set-password page an invitation link opens (services/invitations.ts): GET shows the form for the link's user,
// POST applies the password policy, uses the link once and sets the password, then offers sign-in with the
// username filled in. The token travels in the query string and a hidden field (the request log writes paths only).
import { csrfToken, html, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { isAdminError } from '../admin-errors.js';
import type { User } from '../domain.js';
import { createInvitationService, type InvitationService } from '../services/invitations.js';
import { idpSessions } from './auth-session.js';
import { consoleError } from './console-errors.js';
import type { IdpDeps } from './deps.js';
import { loginForm } from './login-view.js';
import { renderPage } from './pages.js';

/** The invitation service on the app's dependencies (the portal, the API and this page share it). */
export function invitationService(deps: IdpDeps): InvitationService {
  return createInvitationService({
    store: deps.store,
    clock: deps.clock,
    directory: deps.services.directory,
    events: deps.services.events,
    baseUrl: deps.config.baseUrl,
    ttlHours: deps.config.invitationTtlHours,
  });
}

type Problems = { field: string; message: string }[];

const LABELS: Record<string, string> = { password: 'New password', confirmation: 'Repeat the password' };

function setPasswordForm(ctx: ParameterizedContext, user: User, token: string, problems: Problems = []): void {
  const error = (field: string) => problems.find((p) => p.field === field);
  const field = (name: 'password' | 'confirmation', hint?: string) => {
    const e = error(name);
    const describedBy = [e ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ');
    return html`<label for="${name}">${LABELS[name]}</label>
<input type="password" id="${name}" name="${name}" autocomplete="new-password" required minlength="8" maxlength="1024"${e ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${e && problems[0]?.field === name ? html` autofocus` : ''}>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}${e ? html`<p class="field-error" id="${name}-error">${LABELS[name]} ${e.message}.</p>` : ''}`;
  };
  renderPage(
    ctx,
    'Choose your password',
    html`<section class="card narrow" id="invitation">
<h1>Choose your password</h1>
<p>You were invited to sign in as <strong class="mono" data-invited="username">${user.username}</strong>. Choose a password to finish; this link works once.</p>
${problems.length ? html`<p class="alert error" role="alert">Fix the ${problems.length === 1 ? 'field' : 'fields'} marked below.</p>` : ''}
<form method="post" action="/invitation">
<input type="hidden" name="_csrf" value="${csrfToken(ctx)}">
<input type="hidden" name="token" value="${token}">
${field('password', 'At least 8 characters. A long passphrase is easiest to remember.')}
${field('confirmation')}
<button type="submit">Set password</button>
</form>
</section>`,
  );
}

const tokenOf = (value: unknown): string => (typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : '');

export function invitationRoutes(deps: IdpDeps) {
  const sessions = idpSessions(deps);
  const invitations = invitationService(deps);

  const show: Middleware = async (ctx) => {
    const token = tokenOf(ctx.query.token);
    const user = token ? await invitations.userFor(token) : undefined;
    if (!user) throw consoleError('invitation_invalid');
    setPasswordForm(ctx, user, token);
  };

  const submit: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const token = tokenOf(body.token);
    const invited = token ? await invitations.userFor(token) : undefined;
    if (!invited) throw consoleError('invitation_invalid');
    let user: User | undefined;
    try {
      user = await invitations.accept(token, body.password, body.confirmation);
    } catch (err) {
      if (!isAdminError(err, 'validation_failed')) throw err;
      ctx.status = 400;
      setPasswordForm(ctx, invited, token, (err.details as Problems) ?? []);
      return;
    }
    if (!user) throw consoleError('invitation_invalid');
    // Sent to sign-in (not signed in here): the sign-in applies the MFA policy and the login throttle as always.
    renderPage(
      ctx,
      'Password set',
      html`<p class="alert ok" role="status" id="invitation-done">Your password is set. Sign in with it now; the invitation link no longer works.</p>
${loginForm({ csrf: csrfToken(ctx), login: user.username })}`,
    );
  };

  return {
    show: [noCache, sessions, show] as Middleware[],
    submit: [noCache, sessions, parseBody(), requireCsrf, submit] as Middleware[],
  };
}
