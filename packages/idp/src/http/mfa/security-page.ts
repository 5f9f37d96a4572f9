// The user console's Security page: second factors (add, remove), recovery codes (count, new set shown once),
// recent sign-ins. Changing factors of an enrolled person needs a second factor in this session (step-up first).
import { csrfToken, html, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { User } from '../../domain.js';
import { userOwner } from '../../mfa/service.js';
import { currentUser, idpSessions, type SignIn, signIn } from '../auth-session.js';
import { consoleError } from '../console-errors.js';
import type { IdpDeps } from '../deps.js';
import { renderPage } from '../pages.js';
import { hasSecondFactor } from '../sso/authn-context.js';
import { passkeyRegisterForm } from './passkey-views.js';
import { totpEnrolment } from './totp-enrolment.js';
import { enrolForm, recoveryCodesView } from './views.js';

const PAGE = '/userconsole/security';
const ENROL_KEY = 'mfaConsoleEnrolFactor';

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

function field(ctx: ParameterizedContext, name: string): string {
  return String((ctx.request as { body?: Record<string, unknown> }).body?.[name] ?? '').slice(0, 64);
}

export function securityRoutes(deps: IdpDeps) {
  const sessions = idpSessions(deps);

  /** The signed-in person; for changes, with a second factor in this session when they already have one. */
  async function signedIn(ctx: ParameterizedContext, change: boolean): Promise<{ user: User; signIn: SignIn } | undefined> {
    const current = await currentUser(ctx, deps);
    if (!current) {
      ctx.redirect(`/login?next=${encodeURIComponent(PAGE)}`);
      return undefined;
    }
    if (change && !hasSecondFactor(current.signIn) && (await deps.mfa.enrolled(userOwner(current.user.id)))) {
      if (ctx.method === 'GET') {
        ctx.redirect(`/login/mfa?next=${encodeURIComponent(ctx.path)}`);
        return undefined;
      }
      throw consoleError('mfa_step_up_required');
    }
    return current;
  }

  const nav = (ctx: ParameterizedContext, user: User) => ({ signedIn: true, csrf: csrfToken(ctx), who: user.username });

  const page: Middleware = async (ctx) => {
    const current = await signedIn(ctx, false);
    if (!current) return;
    const { user } = current;
    const owner = userOwner(user.id);
    const factors = await deps.mfa.factors(owner);
    const codesLeft = await deps.mfa.recoveryCodesLeft(owner);
    const requirement = await deps.mfa.requirementForUser(user.id);
    const signIns = await deps.services.events.list({ user: user.id, type: 'user_login_attempt', limit: 10 });
    const csrf = csrfToken(ctx);
    renderPage(
      ctx,
      'Security',
      html`<h1>Security</h1>
${requirement.required ? html`<p class="lead">Your administrator requires a second factor when you sign in.</p>` : ''}
<section class="card" aria-labelledby="factors"><h2 id="factors">Second factors</h2>
${
  factors.length
    ? html`<table class="stack"><thead><tr><th>Name</th><th>Kind</th><th>Added</th><th>Last used</th><th></th></tr></thead><tbody>${factors.map(
        (f) =>
          html`<tr data-factor="${f.id}"><td data-label="Name">${f.name}</td><td data-label="Kind">${f.kind === 'totp' ? 'Authenticator app' : 'Passkey'}</td><td data-label="Added">${when(f.createdAt)}</td><td data-label="Last used">${when(f.lastUsedAt)}</td><td><form method="post" action="${PAGE}/factors/${f.id}/remove" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Remove</button></form></td></tr>`,
      )}</tbody></table>`
    : html`<p>You have no second factor.</p>`
}
<p><a class="button" href="${PAGE}/totp">Add an authenticator app</a></p>
</section>
<section class="card" aria-labelledby="passkeys"><h2 id="passkeys">Passkeys</h2>
<p>A passkey signs you in with your device's screen lock (fingerprint, face or PIN) instead of a code.</p>
${passkeyRegisterForm({ csrf, action: `${PAGE}/passkeys`, optionsUrl: `${PAGE}/passkeys/options` })}
</section>
<section class="card" aria-labelledby="recovery"><h2 id="recovery">Recovery codes</h2>
<p>${factors.length ? `${codesLeft} of 10 recovery codes left.` : 'Recovery codes come with your first second factor.'}</p>
${
  factors.length
    ? html`<form method="post" action="${PAGE}/recovery-codes"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Generate new codes</button></form>`
    : ''
}
</section>
<section class="card" aria-labelledby="recent"><h2 id="recent">Recent sign-ins</h2>
${
  signIns.items.length
    ? html`<table class="stack"><thead><tr><th>Time</th><th>Application</th><th>Result</th><th>Address</th></tr></thead><tbody>${signIns.items.map(
        (e) =>
          html`<tr><td data-label="Time">${when(e.time)}</td><td data-label="Application">${e.application ?? 'User console'}</td><td data-label="Result">${e.success ? 'Signed in' : 'Refused'}</td><td data-label="Address">${String(e.detail.ip ?? '')}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No sign-ins yet.</p>`
}
</section>`,
      nav(ctx, user),
    );
  };

  async function showTotp(ctx: ParameterizedContext, user: User, error?: string, status = 200) {
    const enrolment = await totpEnrolment(ctx, deps, ENROL_KEY, userOwner(user.id), user.username);
    ctx.status = status;
    renderPage(
      ctx,
      'Add an authenticator app',
      enrolForm({ csrf: csrfToken(ctx), action: `${PAGE}/totp`, enrolment, error, intro: 'Add an authenticator app as a second factor.' }),
      nav(ctx, user),
    );
  }

  const totpPage: Middleware = async (ctx) => {
    const current = await signedIn(ctx, true);
    if (current) await showTotp(ctx, current.user);
  };

  const totpConfirm: Middleware = async (ctx) => {
    const current = await signedIn(ctx, true);
    if (!current) return;
    const { user } = current;
    const factorId = ctx.state.session.get<string>(ENROL_KEY);
    if (!factorId) return showTotp(ctx, user, 'The set-up expired. Scan the new QR code.', 400);
    const actor = { owner: userOwner(user.id), name: user.username, userId: user.id, ip: ctx.ip };
    const result = await deps.mfa.confirmTotp(actor, factorId, field(ctx, 'code'));
    if (!result.ok) {
      if (result.reason === 'mfa_locked') ctx.set('Retry-After', String(result.retryAfterSeconds ?? 60));
      return showTotp(ctx, user, result.message, result.reason === 'mfa_locked' ? 429 : 401);
    }
    ctx.state.session.delete(ENROL_KEY);
    // The code just proved the new factor: this session now has a second factor too (same SessionIndex).
    signIn(ctx, user, deps.clock, ['otp'], current.signIn);
    if ((await deps.mfa.recoveryCodesLeft(actor.owner)) > 0) return ctx.redirect(PAGE);
    const codes = await deps.mfa.regenerateRecoveryCodes(actor);
    renderPage(ctx, 'Your recovery codes', codesPage(ctx, codes), nav(ctx, user));
  };

  function codesPage(ctx: ParameterizedContext, codes: string[]) {
    // "continue" on the factor step with next=security: the session already has its second factor, so it just goes back.
    return recoveryCodesView({ csrf: csrfToken(ctx), next: PAGE, codes, action: '/login/mfa', button: 'Done' });
  }

  const removeFactor: Middleware = async (ctx) => {
    const current = await signedIn(ctx, true);
    if (!current) return;
    const { user } = current;
    const removed = await deps.mfa.removeFactor(
      { owner: userOwner(user.id), name: user.username, userId: user.id },
      String(ctx.params.id ?? ''),
    );
    if (!removed) throw consoleError('not_found', 'There is no such factor on your account.');
    ctx.redirect(PAGE);
  };

  const regenerateCodes: Middleware = async (ctx) => {
    const current = await signedIn(ctx, true);
    if (!current) return;
    const { user } = current;
    const owner = userOwner(user.id);
    if (!(await deps.mfa.enrolled(owner))) throw consoleError('mfa_not_enrolled');
    const codes = await deps.mfa.regenerateRecoveryCodes({ owner, name: user.username, userId: user.id });
    renderPage(ctx, 'Your recovery codes', codesPage(ctx, codes), nav(ctx, user));
  };

  return {
    page: [noCache, sessions, page],
    totpPage: [noCache, sessions, totpPage],
    totpConfirm: [noCache, sessions, parseBody(), requireCsrf, totpConfirm],
    removeFactor: [noCache, sessions, parseBody(), requireCsrf, removeFactor],
    regenerateCodes: [noCache, sessions, parseBody(), requireCsrf, regenerateCodes],
  };
}
