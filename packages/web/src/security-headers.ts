import type { Middleware } from 'koa';

/**
 * Security headers for every response. The CSP allows no inline script or style: pages load the
 * bundled /assets files only. `form-action` stays open because the SAML HTTP-POST binding posts
 * to another origin (the ACS), which is validated against registered URLs before any form is built.
 */
export function securityHeaders(): Middleware {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    await next();
  };
}

/** SAML pages and login forms must never be cached (saml-bindings §3.5.5.1). */
export const noCache: Middleware = async (ctx, next) => {
  ctx.set('Cache-Control', 'no-cache, no-store');
  ctx.set('Pragma', 'no-cache');
  await next();
};
