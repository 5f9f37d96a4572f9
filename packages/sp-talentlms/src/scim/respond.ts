// Shared SCIM request/response steps: JSON bodies in, application/scim+json out, list paging (RFC 7644 §3.4.2.4).
import type { Middleware, ParameterizedContext } from 'koa';
import { SCIM_CONTENT_TYPE, scimBad } from './errors.js';
import { DEFAULT_COUNT, MAX_RESULTS } from './schemas.js';

/** Query parameters of a list request, by name (RFC 7644 §3.4.2): from the query string, or a SearchRequest body. */
export type ScimQuery = Record<string, unknown>;

declare module 'koa' {
  interface DefaultState {
    /** Set by readSearchRequest for POST …/.search (RFC 7644 §3.4.3). */
    scimSearch?: ScimQuery;
  }
}

/** The list parameters of this request: the SearchRequest body when POSTed to `.search`, else the query string. */
export function scimQuery(ctx: ParameterizedContext): ScimQuery {
  return ctx.state.scimSearch ?? ctx.query;
}

export function scimBase(ctx: ParameterizedContext): string {
  return `${ctx.state.tenant.origin}/api/scim2`;
}

export function send(ctx: ParameterizedContext, status: number, body: unknown, location?: string): void {
  ctx.status = status;
  ctx.type = SCIM_CONTENT_TYPE;
  ctx.body = body;
  if (location) ctx.set('Location', location);
}

/** POST/PUT/PATCH bodies must be JSON (`application/scim+json` or `application/json`). */
export const requireJsonBody: Middleware = async function requireJsonBody(ctx, next) {
  if (!ctx.is('application/scim+json', 'application/json')) {
    throw scimBad('invalidSyntax', 'Send the body as application/scim+json (or application/json)');
  }
  await next();
};

export function body(ctx: ParameterizedContext): unknown {
  return (ctx.request as { body?: unknown }).body;
}

export interface Paging {
  startIndex: number;
  count: number;
}

/** startIndex < 1 → 1; count < 0 → 0; count above the maximum → the maximum (RFC 7644 §3.4.2.4). */
export function readPaging(query: ScimQuery): Paging {
  const num = (v: unknown, fallback: number) => {
    if (v === undefined || v === '') return fallback;
    const n = Number(Array.isArray(v) ? v[0] : v);
    if (!Number.isFinite(n)) throw scimBad('invalidValue', 'startIndex and count must be integers');
    return Math.trunc(n);
  };
  const startIndex = Math.max(1, num(query.startIndex, 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, num(query.count, DEFAULT_COUNT)));
  return { startIndex: Math.min(startIndex, Number.MAX_SAFE_INTEGER), count };
}

export function queryString(query: ScimQuery, name: string): string | undefined {
  const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : query[key];
  return Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined;
}
