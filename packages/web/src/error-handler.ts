import { SamlbridgeError } from '@samlbridge/errors';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Logger } from './logger.js';
import { isStorageFault, STORAGE_RETRY_AFTER_SECONDS, storageFaultLog } from './storage-faults.js';
import { type WebErrorCode, webError } from './web-errors.js';

export type ErrorRenderer = (ctx: ParameterizedContext, err: SamlbridgeError) => void;

/** Turns anything thrown into a SamlbridgeError (unknown errors become a non-exposed 500). */
export function toSamlbridgeError(err: unknown): SamlbridgeError {
  if (err instanceof SamlbridgeError) return err;
  if (isStorageFault(err)) {
    return webError('storage_unavailable', undefined, { details: { retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS }, cause: err });
  }
  const e = err as { status?: number; expose?: boolean; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    // Koa's body parser and other middleware throw HTTP errors: 413 keeps its status, any other 4xx keeps its own.
    if (e.status === 413) return webError('message_too_large', e.message ?? 'Bad request');
    return new SamlbridgeError('bad_request' satisfies WebErrorCode, e.message ?? 'Bad request', { status: e.status });
  }
  return webError('internal_error', undefined, { expose: false, cause: err });
}

/**
 * One error handler per surface: `render` writes the body (HTML page, JSON, SCIM, …).
 * Server errors are logged with their stack; client errors at info level with their code only.
 */
export function errorHandler(logger: Logger, render: ErrorRenderer): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (thrown) {
      const err = toSamlbridgeError(thrown);
      if (err.code === 'storage_unavailable') storageFaultLog(logger).report(thrown, ctx.path);
      else if (err.status >= 500) logger.error({ err: thrown, path: ctx.path }, 'request failed');
      else logger.info({ code: err.code, status: err.status, path: ctx.path }, 'request refused');
      // RFC 9110 §10.2.3: a 503 (or 429) says when to come back.
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if ((err.status === 503 || err.status === 429) && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
      ctx.status = err.status;
      render(ctx, err);
    }
  };
}

/** JSON error body `{ error, message, details? }` for admin APIs. */
export const renderJsonError: ErrorRenderer = (ctx, err) => {
  ctx.type = 'application/json';
  ctx.body = {
    error: err.code,
    message: err.expose ? err.message : 'Internal server error',
    ...(err.details && err.expose ? { details: err.details } : {}),
  };
};
