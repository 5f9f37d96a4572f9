import { SamlbridgeError } from '@samlbridge/errors';
import { createLoginThrottle, csrfToken, html, type LoginAttempt, type LoginThrottle, loginThrottleRules } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { IdpDeps } from '../deps.js';
import { safeNext } from '../login.js';
import { flash, seeOther } from './kit/flash.js';
import { form, text } from './kit/form-body.js';
import { renderAdmin } from './kit/layout.js';
import { adminFactorStep } from './mfa.js';

function adminNext(value: unknown): string {
  const next = safeNext(value);
  return next.startsWith('/admin/') ? next : '/admin/applications';
}

const showLogin: Middleware = async (ctx) => {
  if (ctx.state.session.get('adminId')) return seeOther(ctx, '/admin/applications');
  // After a refused sign-in the email typed is offered again (once), never the password.
  // Viewing the form still creates no session (session fixation): the key is only read, and removed when present.
  const typed = ctx.state.session.get(TYPED_EMAIL);
  if (typed !== undefined) ctx.state.session.delete(TYPED_EMAIL);
  renderLoginForm(ctx, adminNext(ctx.query.next), typeof typed === 'string' ? typed : '');
};

/** Session key holding the email of the last refused admin sign-in, until the form shows it. */
const TYPED_EMAIL = 'adminLoginEmail';

function renderLoginForm(ctx: ParameterizedContext, next: string, email = ''): void {
  renderAdmin(
    ctx,
    undefined,
    'Admin sign-in',
    html`<section class="card narrow">
<h1>Admin Portal</h1>
<form method="post" action="/admin/login">
<input type="hidden" name="_csrf" value="${csrfToken(ctx)}">
<input type="hidden" name="next" value="${next}">
<label for="email">Admin email</label>
<input type="email" id="email" name="email" autocomplete="username" required value="${email}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</section>`,
  );
}

/** Email + password; the session gets a new ID at sign-in (fixation, OWASP). */
const signInAdmin =
  (deps: IdpDeps, throttle: LoginThrottle): Middleware =>
  async (ctx) => {
    const { services, logger } = deps;
    const body = form(ctx);
    const email = text(body, 'email').slice(0, 254);
    // The same per-account lockout / per-IP throttle as the user login (admins are keyed by email): the attempt is
    // counted before the password is checked.
    const account = email ? `admin:${email.trim()}` : '';
    let attempt: LoginAttempt;
    try {
      attempt = await throttle.reserve(account, ctx.ip);
    } catch (err) {
      if (!(err instanceof SamlbridgeError) || err.status !== 429) throw err;
      logger.info({ reason: err.code }, 'admin login throttled');
      ctx.status = 429;
      ctx.set('Retry-After', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
      flash(ctx, 'error', err.message);
      return renderLoginForm(ctx, adminNext(text(body, 'next')), email);
    }
    const admin = await services.admins.authenticate(email, text(body, 'password').slice(0, 1024));
    await services.events.record({
      type: 'admin_portal',
      initiator: admin ? `admin:${admin.email}` : 'anonymous',
      resource: 'POST /admin/login',
      success: admin !== undefined,
      reason: admin ? null : 'invalid_credentials',
      detail: admin ? {} : { email },
    });
    if (!admin) {
      logger.info({ reason: 'invalid_credentials' }, 'admin login refused');
      flash(ctx, 'error', 'The email or password is incorrect.');
      ctx.state.session.set(TYPED_EMAIL, email);
      return seeOther(ctx, `/admin/login?next=${encodeURIComponent(adminNext(text(body, 'next')))}`);
    }
    await attempt.succeeded();
    // An enrolled admin, or every admin when "require MFA for admins" is on, gives a second factor first (mfa.ts).
    if (await adminFactorStep(ctx, deps, admin, adminNext(text(body, 'next')))) return;
    const s = ctx.state.session;
    s.regenerate();
    s.delete('csrf');
    s.set('adminId', admin.id);
    flash(ctx, 'ok', `Signed in as ${admin.email}.`);
    seeOther(ctx, adminNext(text(body, 'next')));
  };

const signOutAdmin: Middleware = async (ctx) => {
  ctx.state.session.destroy();
  seeOther(ctx, '/admin/login');
};

export const adminLogin = (deps: IdpDeps) => ({
  show: showLogin,
  submit: signInAdmin(
    deps,
    createLoginThrottle({ store: deps.store.loginThrottle, clock: deps.clock, ...loginThrottleRules(deps.config) }),
  ),
  signOut: signOutAdmin,
});
