// `/login/mfa`, the factor step (ARCHITECTURE.md §2): after the password (or in a running session, as a step-up
// an SP or the policy asks for), the person gives a TOTP or recovery code, or enrols when the policy requires MFA
// and they have no factor yet; a passkey stands beside the code (passkey-routes.ts). Success signs the session in with the methods used (auth-session.ts `methods`)
// and the parked SSO request continues.
import { csrfToken, html, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { User } from '../../domain.js';
import { type AuthnMethod, type MfaActor, userOwner, type VerifyResult } from '../../mfa/service.js';
import { currentUser, idpSessions, type SignIn, signIn } from '../auth-session.js';
import { consoleError } from '../console-errors.js';
import type { IdpDeps } from '../deps.js';
import { continueAfterSignIn, field, flowQuery, loadFlow, loginState } from '../login.js';
import { renderPage } from '../pages.js';
import { decideContext, hasSecondFactor } from '../sso/authn-context.js';
import { clearPendingFactor, pendingFactorUser } from './factor-step-state.js';
import { hasPasskey, passkeyService } from './passkey-service.js';
import { passkeyAuthForm, passkeyRegisterForm } from './passkey-views.js';
import { codeForm, enrolForm, recoveryCodesView, type StepHidden } from './views.js';

const ACTION = '/login/mfa';
const ENROL_KEY = 'mfaEnrolFactor';

interface Subject {
  user: User;
  /** The running session (step-up); undefined right after the password. */
  session?: SignIn;
}

async function subjectOf(ctx: ParameterizedContext, deps: IdpDeps): Promise<Subject | undefined> {
  const pending = pendingFactorUser(ctx, deps);
  if (pending) {
    const user = await deps.services.directory.findUser(pending);
    return user?.status === 'active' ? { user } : undefined;
  }
  const current = await currentUser(ctx, deps);
  return current && { user: current.user, session: current.signIn };
}

function hiddenOf(ctx: ParameterizedContext): StepHidden {
  const l = loginState(ctx);
  return { csrf: csrfToken(ctx), flowId: l.flow?.id, next: l.flow ? undefined : l.next };
}

function actorOf(ctx: ParameterizedContext, user: User): MfaActor {
  return { owner: userOwner(user.id), name: user.username, userId: user.id, ip: ctx.ip };
}

export function factorStepRoutes(deps: IdpDeps) {
  const sessions = idpSessions(deps);
  const continueSignIn = continueAfterSignIn(deps);

  /** May this person skip enrolment now? Only during the grace period, and not when the SP itself asks for MFA. */
  async function skippable(ctx: ParameterizedContext, user: User): Promise<boolean> {
    if (!(await deps.mfa.graceUntil(userOwner(user.id)))) return false;
    const requested = loginState(ctx).flow?.request?.requestedAuthnContext;
    return decideContext(deps.config.baseUrl, { methods: [{ method: 'pwd', at: new Date(0) }] }, requested).kind === 'satisfied';
  }

  async function complete(ctx: ParameterizedContext, subject: Subject, methods: AuthnMethod[]): Promise<void> {
    clearPendingFactor(ctx);
    ctx.state.session.delete(ENROL_KEY);
    const record = subject.session
      ? signIn(ctx, subject.user, deps.clock, methods, subject.session) // step-up: same SessionIndex, methods added
      : signIn(ctx, subject.user, deps.clock, ['pwd', ...methods]);
    await continueSignIn(ctx, subject.user, record);
  }

  async function showEnrolment(ctx: ParameterizedContext, subject: Subject, view: { error?: string; status?: number } = {}) {
    const owner = userOwner(subject.user.id);
    const factorId = ctx.state.session.get<string>(ENROL_KEY);
    let enrolment = factorId ? await deps.mfa.pendingTotp(owner, factorId, subject.user.username) : undefined;
    if (!enrolment) {
      enrolment = await deps.mfa.beginTotp(owner, subject.user.username);
      ctx.state.session.set(ENROL_KEY, enrolment.factorId);
    }
    const grace = await deps.mfa.graceUntil(owner);
    const canSkip = await skippable(ctx, subject.user);
    ctx.status = view.status ?? 200;
    const passkey = html`<section class="card narrow"><h2>Or add a passkey</h2>
<p>A passkey uses your device's screen lock (fingerprint, face or PIN).</p>
${passkeyRegisterForm({ ...hiddenOf(ctx), action: ACTION, optionsUrl: `${ACTION}/passkey-registration-options`, step: 'passkey-enrol' })}</section>`;
    renderPage(
      ctx,
      'Set up multi-factor sign-in',
      html`${enrolForm({
        ...hiddenOf(ctx),
        action: ACTION,
        enrolment,
        error: view.error,
        skippable: canSkip,
        notice: canSkip && grace ? `You can skip this until ${grace.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : undefined,
        intro: 'Your administrator requires a second factor when you sign in. Add an authenticator app to your account now.',
      })}${passkey}`,
    );
  }

  async function showCodeForm(ctx: ParameterizedContext, subject: Subject, view: { error?: string; status?: number } = {}) {
    const l = loginState(ctx);
    ctx.status = view.status ?? 200;
    const codes = codeForm({
      ...hiddenOf(ctx),
      action: ACTION,
      heading: l.app ? `Verify it is you to continue to ${l.app.displayLabel}` : 'Verify it is you',
      error: view.error,
    });
    // The passkey beside the code (passkey-routes.ts gives the options).
    const passkey = (await hasPasskey(deps, userOwner(subject.user.id)))
      ? passkeyAuthForm({
          ...hiddenOf(ctx),
          action: ACTION,
          optionsUrl: `${ACTION}/passkey-options`,
          button: 'Use a passkey',
          intro: 'Or use one of your passkeys.',
        })
      : undefined;
    renderPage(ctx, 'Verify it is you', passkey ? html`${codes}<section class="card narrow">${passkey}</section>` : codes);
  }

  function refusal(ctx: ParameterizedContext, result: Extract<VerifyResult, { ok: false }>): { error: string; status: number } {
    if (result.reason === 'mfa_locked') {
      ctx.set('Retry-After', String(result.retryAfterSeconds ?? 60));
      return { error: result.message, status: 429 };
    }
    return { error: result.message, status: 401 };
  }

  const show: Middleware = async (ctx) => {
    const subject = await subjectOf(ctx, deps);
    if (!subject) return ctx.redirect(`/login?${flowQuery(loginState(ctx))}`);
    if (!pendingFactorUser(ctx, deps) && subject.session && hasSecondFactor(subject.session) && ctx.query.again === undefined) {
      // Already verified in this session (a page reloaded, or the step-up was done in another tab).
      return complete(ctx, subject, []);
    }
    if (await deps.mfa.enrolled(userOwner(subject.user.id))) return showCodeForm(ctx, subject);
    if ((await deps.mfa.requirementForUser(subject.user.id, loginState(ctx).app?.id)).required) return showEnrolment(ctx, subject);
    throw consoleError('mfa_not_enrolled');
  };

  const submit: Middleware = async (ctx) => {
    const subject = await subjectOf(ctx, deps);
    if (!subject) throw consoleError('mfa_step_expired');
    const step = String(field(ctx, 'step') ?? '');
    const code = String(field(ctx, 'code') ?? '').slice(0, 64);
    const actor = actorOf(ctx, subject.user);
    if (step === 'continue') {
      const current = await currentUser(ctx, deps);
      if (!current || !hasSecondFactor(current.signIn)) throw consoleError('mfa_step_expired');
      return continueSignIn(ctx, current.user, current.signIn);
    }
    if (step === 'skip') {
      if (!(await skippable(ctx, subject.user)))
        return showEnrolment(ctx, subject, { error: 'Setting up a second factor cannot be skipped now.', status: 403 });
      return complete(ctx, subject, []);
    }
    if (step === 'enrol' || step === 'passkey-enrol') {
      let method: AuthnMethod;
      if (step === 'passkey-enrol') {
        if (await deps.mfa.enrolled(actor.owner)) return showCodeForm(ctx, subject);
        const credential = String(field(ctx, 'credential') ?? '').slice(0, 64 * 1024);
        const name = String(field(ctx, 'name') ?? '');
        const registered = await passkeyService(deps).register(actor.owner, credential, name, ctx.ip);
        if (!registered.ok) return showEnrolment(ctx, subject, { error: registered.message, status: 400 });
        method = 'hwk';
      } else {
        const factorId = ctx.state.session.get<string>(ENROL_KEY);
        const result = factorId ? await deps.mfa.confirmTotp(actor, factorId, code) : undefined;
        if (!result) return showEnrolment(ctx, subject, { error: 'The set-up expired. Scan the new QR code.', status: 400 });
        if (!result.ok) return showEnrolment(ctx, subject, refusal(ctx, result));
        method = 'otp';
      }
      clearPendingFactor(ctx);
      await deps.store.mfa.deletePendingFactors(actor.owner);
      ctx.state.session.delete(ENROL_KEY);
      const owner = actor.owner;
      if (subject.session) signIn(ctx, subject.user, deps.clock, [method], subject.session);
      else signIn(ctx, subject.user, deps.clock, ['pwd', method]);
      // First factor: recovery codes, shown once, then the sign-in continues.
      const codes = (await deps.mfa.recoveryCodesLeft(owner)) === 0 ? await deps.mfa.regenerateRecoveryCodes(actor) : [];
      if (codes.length === 0) {
        const current = await currentUser(ctx, deps);
        if (!current) throw consoleError('mfa_step_expired');
        return continueSignIn(ctx, current.user, current.signIn);
      }
      return renderPage(ctx, 'Your recovery codes', recoveryCodesView({ ...hiddenOf(ctx), codes, action: ACTION, button: 'Continue' }));
    }
    if (!(await deps.mfa.enrolled(actor.owner))) return showEnrolment(ctx, subject);
    if (step === 'passkey') {
      const credential = String(field(ctx, 'credential') ?? '').slice(0, 64 * 1024);
      const passkey = await passkeyService(deps).authenticate(actor.owner, credential, ctx.ip);
      if (!passkey.ok) return showCodeForm(ctx, subject, { error: passkey.message, status: 401 });
      return complete(ctx, subject, ['hwk']);
    }
    const result = await deps.mfa.verify(actor, code);
    if (!result.ok) return showCodeForm(ctx, subject, refusal(ctx, result));
    await complete(ctx, subject, [result.method]);
  };

  return {
    get: [noCache, sessions, loadFlow(deps), show],
    post: [noCache, sessions, parseBody(), requireCsrf, loadFlow(deps), submit],
  };
}
