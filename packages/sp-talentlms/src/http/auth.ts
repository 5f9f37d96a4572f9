// Who is asking: the bearer API key for /api/admin/*, the LMS session for pages.

import { hashToken, safeEqual } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { UserService } from '../lms/users.js';
import { spError } from '../sp-errors.js';
import type { LmsUser } from '../store/types.js';
import { markSignedIn, signInRedirect } from './session-expiry.js';

export type SignedInVia = 'sso' | 'password';

export interface SessionUser {
  tenant: string;
  userId: number;
  via: SignedInVia;
  at: string;
}

declare module 'koa' {
  interface DefaultState {
    user?: LmsUser;
    signedInVia?: SignedInVia;
  }
}

/** Compares the SHA-256 of the bearer token with the stored hash of SP_ADMIN_API_KEY, in constant time. */
export function requireAdminKey(adminKeyHash: string): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || !safeEqual(hashToken(m[1] as string), adminKeyHash)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="sp-admin"');
      throw spError('unauthorized');
    }
    await next();
  };
}

/** Loads the signed-in LMS user (same tenant, still active, not in the trash) into ctx.state.user. */
export function loadUser(users: UserService): Middleware {
  return async (ctx, next) => {
    const s = ctx.state.session.get<SessionUser>('user');
    if (s && s.tenant === ctx.state.tenant.id) {
      const user = await users.get(s.tenant, s.userId);
      if (users.canSignIn(user)) {
        ctx.state.user = user;
        ctx.state.signedInVia = s.via;
      }
    }
    await next();
  };
}

export function startSession(ctx: ParameterizedContext, user: LmsUser, via: SignedInVia, now: Date): void {
  const session = ctx.state.session;
  // Fixation defence: new session ID at every sign-in; nothing from before sign-in survives but the CSRF token.
  for (const key of Object.keys(session.data)) if (key !== 'csrf') session.delete(key);
  session.regenerate();
  session.set('user', { tenant: user.tenant, userId: user.id, via, at: now.toISOString() } satisfies SessionUser);
  markSignedIn(ctx);
}

export const requireSignedIn: Middleware = async (ctx, next) => {
  if (!ctx.state.user) {
    ctx.redirect(signInRedirect(ctx));
    return;
  }
  await next();
};

export const requireSuperAdmin: Middleware = async (ctx, next) => {
  if (!ctx.state.user) {
    ctx.redirect(signInRedirect(ctx));
    return;
  }
  if (ctx.state.user.role !== 'superadmin') {
    throw spError('forbidden');
  }
  await next();
};
