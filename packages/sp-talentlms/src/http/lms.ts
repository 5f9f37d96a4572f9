// LMS pages and the session API: local sign-in, home page, sign-out, /api/session, users list.

import { SamlbridgeError } from '@samlbridge/errors';
import { createLoginThrottle, csrfToken, type LoginAttempt, loginThrottleRules, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { spError } from '../sp-errors.js';
import { isSsoOn } from '../sso/settings.js';
import type { LmsUser } from '../store/types.js';
import { renderPage } from '../views/layout.js';
import { dashboardPage, signInPage, usersPage } from '../views/lms-pages.js';
import { confirmPurgePage, trashPage } from '../views/trash-pages.js';
import { requireSignedIn, requireSuperAdmin, startSession } from './auth.js';
import { safeReturnPath } from './return-path.js';
import { forgetSignedIn } from './session-expiry.js';
import { type SamlSessionInfo, sendSpLogoutRequest } from './single-logout.js';

declare module 'koa' {
  interface DefaultState {
    target?: LmsUser;
  }
}

export function lmsEndpoints(deps: SpDeps) {
  const { services, clock, store, logger, config } = deps;
  const throttle = createLoginThrottle({ store: store.loginThrottle, clock, ...loginThrottleRules(config) });
  const showSignIn: Middleware = async (ctx) => {
    const returnPath = safeReturnPath(ctx.query.return, ctx.state.tenant.origin);
    if (ctx.state.user) {
      ctx.redirect(returnPath ?? '/dashboard');
      return;
    }
    const settings = await services.sso.getSettings(ctx.state.tenant.id);
    renderPage(
      ctx,
      'Sign in',
      signInPage({
        csrf: csrfToken(ctx),
        ssoConfigured: isSsoOn(settings),
        ssoOff: settings.integrationType === 'none',
        sessionEnded: ctx.query.expired === '1',
        ...(returnPath ? { returnPath } : {}),
      }),
    );
  };

  const passwordSignIn: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const returnPath = safeReturnPath(body.return, ctx.state.tenant.origin);
    const renderRefusal = async (status: number, error: string) => {
      const settings = await services.sso.getSettings(ctx.state.tenant.id);
      ctx.status = status;
      renderPage(
        ctx,
        'Sign in',
        signInPage({
          csrf: csrfToken(ctx),
          error,
          login,
          ssoConfigured: isSsoOn(settings),
          ssoOff: settings.integrationType === 'none',
          ...(returnPath ? { returnPath } : {}),
        }),
      );
    };
    // Per-account lockout and per-IP throttling (accounts are per tenant): the attempt is counted BEFORE the
    // password is checked, so a burst of parallel guesses cannot outrun the count.
    const accountKey = login ? `${ctx.state.tenant.id}:${login}` : '';
    let attempt: LoginAttempt;
    try {
      attempt = await throttle.reserve(accountKey, ctx.ip);
    } catch (err) {
      if (!(err instanceof SamlbridgeError) || err.status !== 429) throw err;
      logger.info({ reason: err.code, tenant: ctx.state.tenant.id }, 'login throttled');
      ctx.set('Retry-After', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
      await renderRefusal(429, err.message);
      return;
    }
    const user = login && password ? await services.users.verifyLocal(ctx.state.tenant.id, login, password) : undefined;
    await services.audit.record({
      tenant: ctx.state.tenant.id,
      type: 'password_login',
      success: !!user,
      user: login || undefined,
      ...(user ? {} : { reason: 'invalid_credentials' }),
    });
    if (!user) {
      await renderRefusal(401, 'The username or password is not right (or the account is deactivated). Try again.');
      return;
    }
    await attempt.succeeded();
    startSession(ctx, user, 'password', clock.now());
    ctx.status = 303;
    ctx.redirect(returnPath ?? '/dashboard');
  };

  const showDashboard: Middleware = async (ctx) => {
    const user = ctx.state.user as LmsUser;
    renderPage(ctx, 'Home', dashboardPage(user, ctx.state.signedInVia ?? 'password', csrfToken(ctx)), user);
  };

  const sessionApi: Middleware = async (ctx) => {
    const user = ctx.state.user;
    if (!user) throw spError('not_signed_in');
    ctx.body = {
      login: user.login,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      signedInVia: ctx.state.signedInVia,
    };
  };

  /** Ends the LMS session, then goes to the remote sign-out URL (the IdP's user console) or the sign-in page. */
  const signOut: Middleware = async (ctx) => {
    const user = ctx.state.user;
    const saml = ctx.state.signedInVia === 'sso' ? ctx.state.session.get<SamlSessionInfo>('saml') : undefined;
    ctx.state.session.destroy();
    forgetSignedIn(ctx);
    if (user) await services.audit.record({ tenant: ctx.state.tenant.id, type: 'logout', success: true, user: user.login });
    const settings = await services.sso.getSettings(ctx.state.tenant.id);
    ctx.status = 303;
    // "Use SAML Single Logout on sign-out": the IdP ends its session and the other applications', then answers here.
    if (await sendSpLogoutRequest(ctx, deps, settings, saml)) return;
    ctx.redirect(settings.remoteSignOutUrl || '/');
  };

  const showUsers: Middleware = async (ctx) => {
    const notice = typeof ctx.query.done === 'string' ? ctx.query.done : undefined;
    renderPage(ctx, 'Users', usersPage(await services.users.list(ctx.state.tenant.id), csrfToken(ctx), notice), ctx.state.user);
  };

  const showTrash: Middleware = async (ctx) => {
    const notice = typeof ctx.query.done === 'string' ? ctx.query.done : undefined;
    renderPage(ctx, 'Trash', trashPage(await services.users.listTrash(ctx.state.tenant.id), csrfToken(ctx), notice), ctx.state.user);
  };

  /** Loads the user named by `:id` (404 page otherwise). */
  const findUser: Middleware = async (ctx, next) => {
    const id = String(ctx.params.id ?? '');
    const user = /^[1-9]\d{0,15}$/.test(id) ? await services.users.get(ctx.state.tenant.id, Number(id)) : undefined;
    if (!user) throw spError('user_not_found');
    ctx.state.target = user;
    await next();
  };

  const requireTrashed: Middleware = async (ctx, next) => {
    if (!ctx.state.target?.deletedAt) {
      throw spError('user_not_in_trash');
    }
    await next();
  };

  const deleteUser: Middleware = async (ctx) => {
    const target = ctx.state.target as LmsUser;
    if (target.role === 'superadmin') {
      throw spError('cannot_delete_admin');
    }
    await services.users.trash(ctx.state.tenant.id, target.id);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'user_deleted', success: true, user: target.login, detail: 'page' });
    ctx.status = 303;
    ctx.redirect('/account/users?done=deleted');
  };

  const restoreUser: Middleware = async (ctx) => {
    const target = ctx.state.target as LmsUser;
    await services.users.restore(ctx.state.tenant.id, target.id);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'user_restored', success: true, user: target.login, detail: 'page' });
    ctx.status = 303;
    ctx.redirect('/account/users/trash?done=restored');
  };

  const showConfirmPurge: Middleware = async (ctx) => {
    renderPage(ctx, 'Permanently delete', confirmPurgePage(ctx.state.target as LmsUser, csrfToken(ctx)), ctx.state.user);
  };

  /** Cannot be undone: the row goes, and with it the reservation of the email address. */
  const purgeUser: Middleware = async (ctx) => {
    const target = ctx.state.target as LmsUser;
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    if (body.confirm !== 'yes') {
      throw spError('not_confirmed');
    }
    await services.users.purge(ctx.state.tenant.id, target.id);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'user_purged', success: true, user: target.login, detail: 'page' });
    ctx.status = 303;
    ctx.redirect('/account/users/trash?done=purged');
  };

  return {
    signIn: [noCache, showSignIn] as Middleware[],
    passwordSignIn: [noCache, parseBody(), requireCsrf, passwordSignIn] as Middleware[],
    dashboard: [noCache, requireSignedIn, showDashboard] as Middleware[],
    session: [noCache, sessionApi] as Middleware[],
    /** GET: TalentLMS's sign-out link (kept for compatibility; see SECURITY.md). POST: the form, CSRF-checked. */
    signOut: [noCache, signOut] as Middleware[],
    signOutForm: [noCache, parseBody(), requireCsrf, signOut] as Middleware[],
    users: [noCache, requireSuperAdmin, showUsers] as Middleware[],
    trash: [noCache, requireSuperAdmin, showTrash] as Middleware[],
    deleteUser: [noCache, parseBody(), requireSuperAdmin, requireCsrf, findUser, deleteUser] as Middleware[],
    restoreUser: [noCache, parseBody(), requireSuperAdmin, requireCsrf, findUser, requireTrashed, restoreUser] as Middleware[],
    confirmPurge: [noCache, requireSuperAdmin, findUser, requireTrashed, showConfirmPurge] as Middleware[],
    purgeUser: [noCache, parseBody(), requireSuperAdmin, requireCsrf, findUser, requireTrashed, purgeUser] as Middleware[],
  };
}
