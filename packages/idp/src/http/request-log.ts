import type { Logger } from '@samlbridge/web';
import type { Middleware } from 'koa';

/**
 * One line per request: method, path, status, duration. The path only: query strings of
 * /saml2 carry SAMLRequest/RelayState, and /login carries flow IDs.
 */
export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      logger.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round((performance.now() - start) * 10) / 10 },
        'request',
      );
    }
  };
}
