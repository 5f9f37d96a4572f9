import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import type { LoginFlow } from '../../domain.js';
import { currentUser } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';
import { limitPendingSignIns } from './pending-signin-limit.js';
import { ssoError } from './sso-errors.js';
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
    const current = await currentUser(ctx, deps);
    const forceAuthn = s.pending?.forceAuthn ?? false;
    if (current && !forceAuthn) {
      s.user = current.user;
      s.signIn = current.signIn;
      return next();
    }
    if (s.pending?.isPassive) {
      // saml-core §3.4.1 IsPassive: we may not show a login form (also when ForceAuthn asks for one).
      throw ssoError('no_passive', `${app.displayLabel} asked to sign you in without interaction, but you are not signed in.`, {
        canRespond: true,
        samlStatus: { code: 'Responder', subCode: 'NoPassive' },
      });
    }
    const now = deps.clock.now();
    const flow: LoginFlow = {
      id: randomBytes(24).toString('base64url'),
      applicationId: app.id,
      request: s.pending ?? null,
      relayState: s.relayState,
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.config.loginFlowTtlSeconds * 1000),
    };
    await limitPendingSignIns(deps, ctx.ip, now);
    await deps.store.loginFlows.deleteExpired(now);
    await deps.store.loginFlows.insert(flow);
    s.loginFlowId = flow.id;
    ctx.redirect(`/login?flow=${encodeURIComponent(flow.id)}`);
  };
