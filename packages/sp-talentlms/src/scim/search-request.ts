// POST …/.search (RFC 7644 §3.4.3): a SearchRequest body carries the list parameters a GET puts in the query
// string. It is read into the same shape, so both run one code path and give the same results.
import type { Middleware, ParameterizedContext } from 'koa';
import type { FilterNode } from '../store/filter.js';
import { scimBad } from './errors.js';
import { type AttrRegistry, parseFilter } from './filter.js';
import { keyOf } from './patch-path.js';
import { body, type Paging, queryString, readPaging, type ScimQuery, scimQuery, send } from './respond.js';
import { listResponse, SCHEMA } from './schemas.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `attributes` / `excludedAttributes`: a list of attribute names (a comma-separated string is taken too). */
function nameList(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
  throw scimBad('invalidValue', `"${name}" must be a list of attribute names`);
}

function integer(v: unknown, name: string): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '')) return v;
  throw scimBad('invalidValue', `"${name}" must be an integer`);
}

/** Reads a SearchRequest into the query-string shape (sortBy/sortOrder are accepted and, like on GET, not applied). */
export function readSearchBody(raw: unknown): ScimQuery {
  if (!isObject(raw)) throw scimBad('invalidSyntax', 'Send a SearchRequest JSON object');
  const get = (name: string) => raw[keyOf(raw, name)];
  const schemas = get('schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SCHEMA.searchRequest.toLowerCase())) {
    throw scimBad('invalidValue', `"schemas" must be ["${SCHEMA.searchRequest}"]`);
  }
  const filter = get('filter');
  if (filter !== undefined && filter !== null && typeof filter !== 'string') throw scimBad('invalidFilter', '"filter" must be a string');
  const query: ScimQuery = {};
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== null) query[name] = value;
  };
  put('filter', filter);
  put('startIndex', integer(get('startIndex'), 'startIndex'));
  put('count', integer(get('count'), 'count'));
  put('attributes', nameList(get('attributes'), 'attributes'));
  put('excludedAttributes', nameList(get('excludedAttributes'), 'excludedAttributes'));
  return query;
}

export const readSearchRequest: Middleware = async function readSearchRequest(ctx, next) {
  ctx.state.scimSearch = readSearchBody(body(ctx));
  await next();
};

/** One page of resources matching `filter`, projected as the query asks. */
export type ResourcePage<A extends string> = (
  ctx: ParameterizedContext,
  query: ScimQuery,
  paging: Paging,
  filter?: FilterNode<A>,
) => Promise<{ total: number; resources: unknown[] }>;

/** GET /Users or /Groups, and their POST …/.search: the query string or the SearchRequest body, one code path. */
export function listEndpoint<A extends string>(attrs: AttrRegistry<A>, page: ResourcePage<A>): Middleware {
  return async function list(ctx) {
    const query = scimQuery(ctx);
    const paging = readPaging(query);
    const text = queryString(query, 'filter');
    const filter = text === undefined ? undefined : parseFilter(text, attrs);
    const { total, resources } = await page(ctx, query, paging, filter);
    send(ctx, 200, listResponse(resources, total, paging.startIndex));
  };
}
