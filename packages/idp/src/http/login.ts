import { SamlbridgeError } from '@samlbridge/errors';
import {
  createLoginThrottle,
  csrfToken,
  type LoginAttempt,
  type LoginThrottle,
  loginThrottleRules,
  noCache,
  parseBody,
  requireCsrf,
  sameOriginPath,
} from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import compose from 'koa-compose';
import type { LoginFlow, ResolvedApplication, User } from '../domain.js';
import type { AuthenticationResult } from '../services/directory-users.js';
import { currentUser, idpSessions, type SignIn, signIn } from './auth-session.js';
import { consoleError } from './console-errors.js';
import type { IdpDeps } from './deps.js';
import { recordLoginAttempt } from './login-attempt.js';
import { flowGone, rememberUsedFlow } from './login-flow-gone.js';
import { type LoginView, loginForm } from './login-view.js';
import { needsFactorStep, startFactorStep } from './mfa/factor-step-state.js';
import { passkeyOnlyAllowed } from './mfa/passkey-routes.js';
import { renderPage } from './pages.js';
import { resumeAfterLogin } from './sso/index.js';
import { ssoState } from './sso/state.js';

const DEFAULT_NEXT = '/userconsole/';

/**
 * Only same-origin paths (open redirect): `/x` but not `//host`, `/\\host`, `https:…`, `javascript:…`, and nothing
 * with a backslash or a control character anywhere (browsers drop tab/CR/LF, so `/\t/host` would become `//host`).
 */
export function safeNext(value: unknown, fallback = DEFAULT_NEXT): string {
  return sameOriginPath(value) ?? fallback;
}

export interface LoginState {
  flow?: LoginFlow;
  app?: ResolvedApplication;
  next: string;
}

declare module 'koa' {
  interface DefaultState {
    login?: LoginState;
  }
}

/** The login flow or the return page, as the query of the next sign-in page. */
export function flowQuery(l: LoginState): string {
  return l.flow ? `flow=${encodeURIComponent(l.flow.id)}` : `next=${encodeURIComponent(l.next)}`;
}

export function loginState(ctx: ParameterizedContext): LoginState {
  ctx.state.login ??= { next: DEFAULT_NEXT };
  return ctx.state.login;
}

export function field(ctx: ParameterizedContext, name: string): unknown {
  const source = ctx.method === 'POST' ? ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) : ctx.query;
  return source[name];
}

/** The parked SSO request (`flow`), if any: unknown or expired → an error page telling the person to start again. */
export const loadFlow =
  (deps: IdpDeps): Middleware =>
  async (ctx, next) => {
    const { store, services, clock } = deps;
    const l = loginState(ctx);
    l.next = safeNext(field(ctx, 'next'));
    const flowId = field(ctx, 'flow');
    if (flowId !== undefined && flowId !== '') {
      const flow = typeof flowId === 'string' ? await store.loginFlows.get(flowId) : undefined;
      const app = flow && (await services.directory.findApplication(flow.applicationId));
      if (!flow || !app || flow.expiresAt <= clock.now()) {
        throw await flowGone(ctx, deps, flowId);
      }
      l.flow = flow;
      l.app = app;
    }
    await next();
  };

function showForm(ctx: ParameterizedContext, view: Omit<LoginView, 'csrf'>, status = 200): void {
  const l = loginState(ctx);
  ctx.status = status;
  renderPage(
    ctx,
    'Sign in',
    loginForm({
      ...view,
      csrf: csrfToken(ctx),
      flowId: l.flow?.id,
      next: l.flow ? undefined : l.next,
      app: l.app,
      forceAuthn: l.flow?.request?.forceAuthn,
    }),
  );
}

const renderLogin =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const l = loginState(ctx);
    if (!l.flow && (await currentUser(ctx, deps))) return ctx.redirect(l.next);
    showForm(ctx, { passkey: await passkeyOnlyAllowed(deps) });
  };

/** Username or email + password; a generic message for wrong credentials, a clear one for suspended accounts. */
const authenticate = (deps: IdpDeps, throttle: LoginThrottle): Middleware => {
  const continueSignIn = continueAfterSignIn(deps);
  return async (ctx) => {
    const l = loginState(ctx);
    const login = String(field(ctx, 'username') ?? '').slice(0, 254);
    const password = String(field(ctx, 'password') ?? '').slice(0, 1024);
    // Per-account lockout and per-IP throttling: the attempt is counted BEFORE the password is checked (a burst
    // cannot outrun the count). The account key is the resolved user (username and email of one person share a
    // counter); unknown names are counted by name.
    const userId = login ? await deps.services.directory.findUserIdByLogin(login) : undefined;
    const account = userId ? `user:${userId}` : login ? `login:${login.trim()}` : '';
    let attempt: LoginAttempt;
    try {
      attempt = await throttle.reserve(account, ctx.ip);
    } catch (err) {
      if (!(err instanceof SamlbridgeError) || err.status !== 429) throw err;
      deps.logger.info({ reason: err.code, application: l.app?.name }, 'login throttled');
      ctx.set('Retry-After', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
      return showForm(ctx, { login, error: err.message }, 429);
    }
    let result: AuthenticationResult;
    try {
      result =
        login && password ? await deps.services.directory.authenticate(login, password) : { ok: false, reason: 'invalid_credentials' };
    } catch (err) {
      // Load shedding (web's password-queue.ts): no password was checked, so the attempt is given back.
      if (err instanceof SamlbridgeError && err.code === 'server_busy') await attempt.succeeded();
      throw err;
    }
    const user = result.user;
    await recordLoginAttempt(deps, {
      user,
      application: l.app?.name ?? null,
      success: result.ok,
      reason: result.ok ? null : result.reason,
      detail: result.ok ? { ip: ctx.ip } : { login, ip: ctx.ip },
    });
    // A right password (a suspended user's too) gives back its own reservation; a wrong one stays counted.
    if (result.ok || result.reason === 'user_suspended') await attempt.succeeded();
    if (!result.ok) {
      deps.logger.info({ reason: result.reason, application: l.app?.name }, 'login refused');
      if (result.reason === 'user_suspended') {
        return showForm(ctx, { login, error: 'Your account is suspended. Contact your administrator to have it reactivated.' }, 403);
      }
      return showForm(ctx, { login, error: 'The username or password is incorrect.' }, 401);
    }
    // The factor step (mfa/): an enrolled person, or one the policy requires MFA of, gives a second factor first.
    if (await needsFactorStep(deps, result.user.id, l.app?.id)) return startFactorStep(ctx, deps, result.user.id, flowQuery(l));
    await continueSignIn(ctx, result.user, signIn(ctx, result.user, deps.clock));
  };
};

/** After a complete sign-in: back to `next`, or the parked SSO request (its flow consumed once) continues. */
export function continueAfterSignIn(deps: IdpDeps) {
  const resume = compose(resumeAfterLogin(deps));
  return async (ctx: ParameterizedContext, user: User, record: SignIn): Promise<void> => {
    const l = loginState(ctx);
    if (!l.flow || !l.app) return ctx.redirect(l.next);
    // Single use: a flow cannot be replayed to mint a second Response.
    if (!(await deps.store.loginFlows.delete(l.flow.id))) {
      throw consoleError('login_flow_expired', 'This sign-in request was already used. Go back to the application and sign in again.');
    }
    rememberUsedFlow(ctx, l.flow.id, l.app.id);
    const s = ssoState(ctx);
    s.app = l.app;
    s.initiatedBy = l.flow.request ? 'sp' : 'idp';
    s.pending = l.flow.request ?? undefined;
    s.relayState = l.flow.relayState;
    s.loginFlowId = l.flow.id;
    s.user = user;
    s.signIn = record;
    await resume(ctx);
  };
}

export function loginRoutes(deps: IdpDeps) {
  const sessions = idpSessions(deps);
  const throttle = createLoginThrottle({ store: deps.store.loginThrottle, clock: deps.clock, ...loginThrottleRules(deps.config) });
  return {
    get: [noCache, sessions, loadFlow(deps), renderLogin(deps)],
    post: [noCache, sessions, parseBody(), requireCsrf, loadFlow(deps), authenticate(deps, throttle)],
  };
}
