import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

declare module 'koa' {
  interface Request {
    /** The parsed form or JSON body, once parseBody ran (the same declaration as @koa/bodyparser's). */
    body?: unknown;
  }
}

/**
 * Form + JSON body parsing with explicit size limits (oversized bodies get 413 before any parsing).
 * The SAML HTTP-POST binding carries base64 in a form field: 512 KiB covers real Responses.
 */
export function parseBody({ formLimit = '512kb', jsonLimit = '256kb' } = {}): Middleware {
  return bodyParser({ enableTypes: ['form', 'json'], formLimit, jsonLimit, encoding: 'utf-8' }) as Middleware;
}
