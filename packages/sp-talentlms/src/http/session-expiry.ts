// "Your session ended": a person whose LMS session expired (or was ended by Single Logout) is told so on the
// sign-in page instead of being dropped there silently. A marker cookie (no session data, no identity: "1") lives
// longer than the session; it is set at sign-in and removed at sign-out and once the notice was given.
import type { ParameterizedContext } from 'koa';

export const SIGNED_IN_MARKER = 'sp_had_session';
const MARKER_DAYS = 30;

function options(ctx: ParameterizedContext) {
  const secure = ctx.state.tenant?.origin?.startsWith('https:') ?? false;
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', overwrite: true } as const;
}

export function markSignedIn(ctx: ParameterizedContext): void {
  if (options(ctx).secure) ctx.cookies.secure = true;
  ctx.cookies.set(SIGNED_IN_MARKER, '1', { ...options(ctx), maxAge: MARKER_DAYS * 24 * 3600 * 1000 });
}

export function forgetSignedIn(ctx: ParameterizedContext): void {
  if (!ctx.cookies.get(SIGNED_IN_MARKER)) return;
  if (options(ctx).secure) ctx.cookies.secure = true;
  ctx.cookies.set(SIGNED_IN_MARKER, '', { ...options(ctx), maxAge: 0 });
}

/** The sign-in URL for a page that needs a session: `&expired=1` when this browser had one that ended. */
export function signInRedirect(ctx: ParameterizedContext): string {
  const ended = !ctx.state.user && ctx.cookies.get(SIGNED_IN_MARKER) === '1';
  if (ended) forgetSignedIn(ctx);
  return `/?return=${encodeURIComponent(ctx.originalUrl)}${ended ? '&expired=1' : ''}`;
}
