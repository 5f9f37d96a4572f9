// The factor step of SSO (ARCHITECTURE.md §2): before a Response is issued, the session must satisfy the MFA
// policy (user, group, application: the strictest rule wins) and the SP's RequestedAuthnContext
// (saml-core §3.3.2.2.1). A session that needs a second factor it can give is sent to /login/mfa (step-up in the
// same IdP session); one that cannot (no factor, enrolment not allowed) gets NoAuthnContext (saml-core §3.2.2.2).
import type { Middleware } from 'koa';
import { userOwner } from '../../mfa/service.js';
import type { IdpDeps } from '../deps.js';
import { decideContext, hasSecondFactor } from './authn-context.js';
import { parkInLoginFlow, refuseIfPassive } from './park-request.js';
import { ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

export const requireAuthnContext =
  (deps: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    const app = requireApp(s);
    const { user, signIn } = s;
    if (!user || !signIn) throw new Error('requireAuthnContext ran without a signed-in user');
    const requested = s.pending?.requestedAuthnContext;
    const owner = userOwner(user.id);
    // Read with the user by requireSession (one statement); after the login form, read now.
    const policy = s.mfaRequired !== undefined ? { required: s.mfaRequired } : await deps.mfa.requirementForUser(user.id, app.id);
    let decision = decideContext(deps.config.baseUrl, signIn, requested);
    if (decision.kind === 'satisfied' && policy.required && !hasSecondFactor(signIn)) {
      // During the enrolment grace period a person without a factor may still go on with a password alone.
      const inGrace = !(await deps.mfa.enrolled(owner)) && (await deps.mfa.graceUntil(owner)) !== undefined;
      if (!inGrace) decision = { kind: 'step_up' };
    }
    if (decision.kind === 'satisfied') {
      if (requested) s.signIn = { ...signIn, authnContextClassRef: decision.classRef };
      return next();
    }
    const noContext = (message: string) =>
      ssoError('no_authn_context', message, {
        canRespond: s.pending !== undefined,
        samlStatus: { code: 'Responder', subCode: 'NoAuthnContext', message: 'The requested authentication context cannot be satisfied' },
      });
    if (decision.kind === 'unsatisfiable') {
      throw noContext(`${app.displayLabel} asked for a kind of sign-in this identity provider does not offer.`);
    }
    // A second factor is needed: the person must have one, or be one the policy leads through enrolment.
    if (!(await deps.mfa.enrolled(owner)) && !policy.required) {
      throw noContext(
        `${app.displayLabel} asks for multi-factor sign-in, and you have no second factor yet. Add an authenticator app on your Security page, then try again.`,
      );
    }
    // The code prompt would be an interaction.
    refuseIfPassive(s, `${app.displayLabel} asked to sign you in without interaction, but a second factor is needed.`);
    const flow = await parkInLoginFlow(deps, s, app.id, deps.clock.now());
    ctx.redirect(`/login/mfa?flow=${encodeURIComponent(flow.id)}`);
  };
