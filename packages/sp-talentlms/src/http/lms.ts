// LMS pages and the session API: local sign-in, home page, sign-out, /api/session, users list.
import { SamlbridgeError } from '@samlbridge/protocol';
import { csrfToken, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { isConfigured } from '../sso/settings.js';
import type { LmsUser } from '../store/types.js';
import { renderPage } from '../views/layout.js';
import { dashboardPage, signInPage, usersPage } from '../views/lms-pages.js';
import { requireSignedIn, requireSuperAdmin, startSession } from './auth.js';
import { safeReturnPath } from './return-path.js';

export function lmsEndpoints({ services, clock }: SpDeps) {
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
      signInPage({ csrf: csrfToken(ctx), ssoConfigured: isConfigured(settings), ...(returnPath ? { returnPath } : {}) }),
    );
  };

  const passwordSignIn: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const login = typeof body.login === 'string' ? body.login.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const returnPath = safeReturnPath(body.return, ctx.state.tenant.origin);
    const user = login && password ? await services.users.verifyLocal(ctx.state.tenant.id, login, password) : undefined;
    await services.audit.record({
      tenant: ctx.state.tenant.id,
      type: 'password_login',
      success: !!user,
      user: login || undefined,
      ...(user ? {} : { reason: 'invalid_credentials' }),
    });
    if (!user) {
      const settings = await services.sso.getSettings(ctx.state.tenant.id);
      ctx.status = 401;
      renderPage(
        ctx,
        'Sign in',
        signInPage({
          csrf: csrfToken(ctx),
          error: 'The username or password is not right (or the account is deactivated). Try again.',
          login,
          ssoConfigured: isConfigured(settings),
          ...(returnPath ? { returnPath } : {}),
        }),
      );
      return;
    }
    startSession(ctx, user, 'password', clock.now());
    ctx.status = 303;
    ctx.redirect(returnPath ?? '/dashboard');
  };

  const showDashboard: Middleware = async (ctx) => {
    const user = ctx.state.user as LmsUser;
    renderPage(ctx, 'Home', dashboardPage(user, ctx.state.signedInVia ?? 'password'), user);
  };

  const sessionApi: Middleware = async (ctx) => {
    const user = ctx.state.user;
    if (!user) throw new SamlbridgeError('not_signed_in', 'No one is signed in', { status: 401 });
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
    ctx.state.session.destroy();
    if (user) await services.audit.record({ tenant: ctx.state.tenant.id, type: 'logout', success: true, user: user.login });
    const settings = await services.sso.getSettings(ctx.state.tenant.id);
    ctx.status = 303;
    ctx.redirect(settings.remoteSignOutUrl || '/');
  };

  const showUsers: Middleware = async (ctx) => {
    renderPage(ctx, 'Users', usersPage(await services.users.list(ctx.state.tenant.id)), ctx.state.user);
  };

  return {
    signIn: [noCache, showSignIn] as Middleware[],
    passwordSignIn: [noCache, parseBody(), requireCsrf, passwordSignIn] as Middleware[],
    dashboard: [noCache, requireSignedIn, showDashboard] as Middleware[],
    session: [noCache, sessionApi] as Middleware[],
    signOut: [noCache, signOut] as Middleware[],
    users: [noCache, requireSuperAdmin, showUsers] as Middleware[],
  };
}
