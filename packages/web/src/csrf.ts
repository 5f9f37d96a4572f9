import { randomBytes } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import { safeEqual } from './secrets.js';
import { webError } from './web-errors.js';

const KEY = 'csrf';

/**
 * Synchronizer token kept in the (store-backed) session. Rendering a form calls csrfToken(ctx),
 * which creates the session when needed; every state-changing form posts it back as `_csrf`.
 */
export function csrfToken(ctx: ParameterizedContext): string {
  const session = ctx.state.session;
  let token = session.get<string>(KEY);
  if (!token) {
    token = randomBytes(24).toString('base64url');
    session.set(KEY, token);
  }
  return token;
}

/** Rejects a form POST whose `_csrf` field does not match the session's token (403). */
export const requireCsrf: Middleware = async (ctx, next) => {
  const expected = ctx.state.session.get<string>(KEY);
  const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
  const sent = typeof body._csrf === 'string' ? body._csrf : ctx.get('x-csrf-token');
  if (!expected || !sent || !safeEqual(expected, sent)) {
    throw webError('csrf_failed');
  }
  await next();
};
