import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import { parkInLoginFlow, refuseIfPassive } from './park-request.js';
import { limitPendingSignIns } from './pending-signin-limit.js';
import { currentSsoUser } from './signed-in-reads.js';
import { requireApp, ssoState } from './state.js';

/**
 * Reuses the IdP session (one sign-in serves every application) unless the SP asks for
 * ForceAuthn (saml-core §3.4.1). Without a usable session: IsPassive → NoPassive Response;
 * otherwise the request is parked as a login flow in the store and the person goes to /login.
 */
export const requireSession =
  (deps: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    const app = requireApp(s);
    const current = await currentSsoUser(ctx, deps, app.id);
    const forceAuthn = s.pending?.forceAuthn ?? false;
    if (current && !forceAuthn) {
      s.user = current.user;
      s.signIn = current.signIn;
      s.bound = current.bound;
      s.mfaRequired = current.mfaRequired;
      return next();
    }
    // Also when ForceAuthn asks for a login form.
    refuseIfPassive(s, `${app.displayLabel} asked to sign you in without interaction, but you are not signed in.`);
    const now = deps.clock.now();
    await limitPendingSignIns(deps, ctx.ip, now);
    await deps.store.loginFlows.deleteExpired(now);
    const flow = await parkInLoginFlow(deps, s, app.id, now);
    s.loginFlowId = flow.id;
    ctx.redirect(`/login?flow=${encodeURIComponent(flow.id)}`);
  };
