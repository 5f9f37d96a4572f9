import { randomBytes } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import { safeEqual } from './secrets.js';
import { webError } from './web-errors.js';

const KEY = 'csrf';

/**
 * The token a state-changing form posts back as `_csrf`. A session that already has a row keeps a synchronizer
 * token in it. A visitor with no session row gets a double-submit cookie instead (OWASP CSRF cheat sheet): viewing
 * a form stores nothing, so anonymous page views cannot fill the database.
 */
export function csrfToken(ctx: ParameterizedContext): string {
  const session = ctx.state.session;
  const stored = session.get<string>(KEY);
  if (stored) return stored;
  const cookie = session.formTokenCookie;
  if (session.isNew && !session.state().dirty && cookie) {
    const existing = ctx.cookies.get(cookie.name);
    if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
    const token = randomBytes(24).toString('base64url');
    ctx.cookies.set(cookie.name, token, cookie.options);
    return token;
  }
  const token = randomBytes(24).toString('base64url');
  session.set(KEY, token);
  return token;
}

/** Rejects a form POST whose `_csrf` field matches neither the session's token nor the form cookie (403). */
export const requireCsrf: Middleware = async (ctx, next) => {
  const session = ctx.state.session;
  const body = (ctx.request as { body?: Record<string, unknown> }).body ?? {};
  const sent = typeof body._csrf === 'string' ? body._csrf : ctx.get('x-csrf-token');
  const inSession = session.get<string>(KEY);
  const cookieName = session.formTokenCookie?.name;
  const inCookie = cookieName ? ctx.cookies.get(cookieName) : undefined;
  const matches = (expected: string | undefined) => Boolean(expected && sent && safeEqual(expected, sent));
  if (!matches(inSession) && !matches(inCookie)) throw webError('csrf_failed');
  await next();
};
