// The passkey routes of the public router: the ceremony options (JSON, fetched by /assets/passkey.js, which web's
// assets() serves),
// usernameless sign-in from the login page (only when the admin allows passkey-only sign-in), and adding a passkey
// on the Security page. The passkey as a second factor is a step of /login/mfa (factor-step.ts).
import type { Router } from '@koa/router';
import { csrfToken, html, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { userOwner } from '../../mfa/service.js';
import { currentUser, idpSessions, signIn } from '../auth-session.js';
import { consoleError } from '../console-errors.js';
import type { IdpDeps } from '../deps.js';
import { continueAfterSignIn, field, flowQuery, loadFlow, loginState } from '../login.js';
import { recordLoginAttempt } from '../login-attempt.js';
import { renderPage } from '../pages.js';
import { hasSecondFactor } from '../sso/authn-context.js';
import { pendingFactorUser } from './factor-step-state.js';
import { passkeyService } from './passkey-service.js';
import { recoveryCodesView } from './views.js';

const SECURITY = '/userconsole/security';

function json(ctx: ParameterizedContext, status: number, body: unknown): void {
  ctx.status = status;
  ctx.body = body;
}

const credentialOf = (ctx: ParameterizedContext) => String(field(ctx, 'credential') ?? '').slice(0, 64 * 1024);

/** May this IdP offer passkey-only, usernameless sign-in (MFA settings, default off)? */
export async function passkeyOnlyAllowed(deps: IdpDeps): Promise<boolean> {
  return (await passkeyService(deps).settings()).allowPasskeyOnly;
}

export function passkeyRoutes(deps: IdpDeps, router: Router): void {
  const sessions = idpSessions(deps);
  const passkeys = passkeyService(deps);
  const continueSignIn = continueAfterSignIn(deps);
  const form = [noCache, sessions, parseBody(), requireCsrf];

  /** Options for the factor step: the person after the password, or the signed-in person stepping up. */
  const factorOptions: Middleware = async (ctx) => {
    const userId = pendingFactorUser(ctx, deps) ?? (await currentUser(ctx, deps))?.user.id;
    if (!userId) return json(ctx, 401, { message: 'This verification step has expired. Sign in again.' });
    const owner = userOwner(userId);
    if ((await passkeys.passkeysOf(owner)).length === 0) return json(ctx, 409, { message: 'You have no passkey. Use another factor.' });
    json(ctx, 200, await passkeys.authenticationOptions(owner));
  };
  router.post('/login/mfa/passkey-options', ...form, loadFlow(deps), factorOptions);

  /** Enrolment at the factor step (a rule requires MFA, no factor yet): a passkey instead of an authenticator app. */
  router.post('/login/mfa/passkey-registration-options', ...form, loadFlow(deps), async (ctx) => {
    const pending = pendingFactorUser(ctx, deps);
    const user = pending ? await deps.services.directory.findUser(pending) : (await currentUser(ctx, deps))?.user;
    if (user?.status !== 'active') return json(ctx, 401, { message: 'This verification step has expired. Sign in again.' });
    const owner = userOwner(user.id);
    if (await deps.mfa.enrolled(owner)) return json(ctx, 409, { message: 'You already have a second factor: verify with it.' });
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
    json(ctx, 200, await passkeys.registrationOptions(owner, user.username, name));
  });

  /** Usernameless: no allowCredentials, the authenticator offers its discoverable credentials for this RP ID. */
  router.post('/login/passkey/options', ...form, loadFlow(deps), async (ctx) => {
    if (!(await passkeyOnlyAllowed(deps))) return json(ctx, 403, { message: consoleError('passkey_only_disabled').message });
    json(ctx, 200, await passkeys.authenticationOptions(null));
  });

  router.post('/login/passkey', ...form, loadFlow(deps), async (ctx) => {
    if (!(await passkeyOnlyAllowed(deps))) throw consoleError('passkey_only_disabled');
    const l = loginState(ctx);
    const result = await passkeys.authenticate(null, credentialOf(ctx), ctx.ip);
    const user = result.ok ? await deps.services.directory.findUser(result.owner.slice('user:'.length)) : undefined;
    await recordLoginAttempt(deps, {
      user,
      application: l.app?.name ?? null,
      success: user?.status === 'active',
      reason: !result.ok ? result.reason : user?.status === 'active' ? null : 'user_suspended',
      detail: { ip: ctx.ip, method: 'passkey' },
    });
    if (!result.ok || user?.status !== 'active') {
      ctx.status = result.ok && user ? 403 : 401;
      const message = !result.ok
        ? result.message
        : user
          ? 'Your account is suspended. Contact your administrator to have it reactivated.'
          : 'This passkey is not registered here.';
      return renderPage(ctx, 'Sign in', refusedView(message, `/login?${flowQuery(l)}`));
    }
    // A passkey with user verification is possession plus a PIN or biometric: the session has both factors (`hwk`).
    await continueSignIn(ctx, user, signIn(ctx, user, deps.clock, ['hwk']));
  });

  /** Security page: the signed-in person; changes need a second factor in this session when they already have one. */
  async function changer(ctx: ParameterizedContext) {
    const current = await currentUser(ctx, deps);
    if (!current) return undefined;
    if (!hasSecondFactor(current.signIn) && (await deps.mfa.enrolled(userOwner(current.user.id)))) return 'step_up' as const;
    return current;
  }

  router.post(`${SECURITY}/passkeys/options`, ...form, async (ctx) => {
    const current = await changer(ctx);
    if (!current) return json(ctx, 401, { message: 'Sign in again.' });
    if (current === 'step_up') return json(ctx, 403, { message: consoleError('mfa_step_up_required').message });
    const { user } = current;
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
    json(ctx, 200, await passkeys.registrationOptions(userOwner(user.id), user.username, name));
  });

  router.post(`${SECURITY}/passkeys`, ...form, async (ctx) => {
    const current = await changer(ctx);
    if (!current) return ctx.redirect(`/login?next=${encodeURIComponent(SECURITY)}`);
    if (current === 'step_up') throw consoleError('mfa_step_up_required');
    const { user } = current;
    const owner = userOwner(user.id);
    const result = await passkeys.register(owner, credentialOf(ctx), String(field(ctx, 'name') ?? ''), ctx.ip);
    if (!result.ok) {
      ctx.status = 400;
      return renderPage(ctx, 'Security', refusedView(result.message, SECURITY), {
        signedIn: true,
        csrf: csrfToken(ctx),
        who: user.username,
      });
    }
    // The ceremony verified the person with the new passkey: this session has a second factor too (same SessionIndex).
    signIn(ctx, user, deps.clock, ['hwk'], current.signIn);
    if ((await deps.mfa.recoveryCodesLeft(owner)) > 0) return ctx.redirect(SECURITY);
    const codes = await deps.mfa.regenerateRecoveryCodes({ owner, name: user.username, userId: user.id });
    renderPage(
      ctx,
      'Your recovery codes',
      recoveryCodesView({ csrf: csrfToken(ctx), next: SECURITY, codes, action: '/login/mfa', button: 'Done' }),
      { signedIn: true, csrf: csrfToken(ctx), who: user.username },
    );
  });
}

function refusedView(message: string, back: string) {
  return html`<section class="card narrow"><h1>The passkey was not accepted</h1>
<div class="alert error" role="alert">${message}</div>
<p><a class="button" href="${back}">Try again</a></p></section>`;
}
