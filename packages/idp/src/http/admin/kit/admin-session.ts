// The admin portal's own session cookie and the signed-in admin.
import { sessions } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Admin } from '../../../domain.js';
import type { IdpDeps } from '../../deps.js';

declare module 'koa' {
  interface DefaultState {
    /** The signed-in admin, set by requireAdmin. */
    admin?: Admin;
  }
}

export const ADMIN_COOKIE = 'samlbridge_idp_admin';

/** Separate from the user session: signing in to the console never makes anyone an admin. */
export function adminSessions({ config, store, clock }: IdpDeps): Middleware {
  return sessions({
    cookieName: ADMIN_COOKIE,
    store: store.sessions,
    clock,
    ttlSeconds: config.sessionTtlSeconds,
    secure: config.baseUrl.startsWith('https:'),
    sameSite: 'lax',
    preAuthTtlSeconds: config.preAuthTtlSeconds,
    signedInKey: 'adminId',
  });
}

export function currentAdmin(ctx: ParameterizedContext): Admin {
  const admin = ctx.state.admin;
  if (!admin) throw new Error('admin route ran without requireAdmin');
  return admin;
}

/** Signed-in admins only; everyone else goes to the admin login (and back afterwards for a GET). */
export const requireAdmin =
  ({ services }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const id = ctx.state.session.get<string>('adminId');
    const admin = id ? await services.admins.get(id) : undefined;
    if (!admin) {
      if (id) ctx.state.session.destroy();
      const back = ctx.method === 'GET' ? `?next=${encodeURIComponent(ctx.path)}` : '';
      ctx.status = 303;
      return ctx.redirect(`/admin/login${back}`);
    }
    ctx.state.admin = admin;
    await next();
  };
