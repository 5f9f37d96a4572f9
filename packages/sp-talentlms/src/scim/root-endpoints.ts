// Endpoints at the root of /api/scim2: POST /.search across every resource type (RFC 7644 §3.4.3) and
// POST /Bulk, which this server does not support (RFC 7644 §3.7; ServiceProviderConfig says bulk.supported false).
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { renderScimError, ScimError } from './errors.js';
import { GROUP_FILTER_ATTRS, parseFilter, USER_FILTER_ATTRS } from './filter.js';
import { groupPages } from './groups-endpoints.js';
import { queryString, readPaging, requireJsonBody, scimQuery, send } from './respond.js';
import { listResponse } from './schemas.js';
import { readSearchRequest } from './search-request.js';
import { userPages } from './users-endpoints.js';

/** A filter that names an attribute only one resource type has matches nothing of the other type. */
function resolveFor<T>(parse: () => T): { node?: T; error?: unknown } {
  try {
    return { node: parse() };
  } catch (error) {
    return { error };
  }
}

export function rootEndpoints(deps: SpDeps) {
  const userPage = userPages(deps);
  const groupPage = groupPages(deps);

  /** Users, then Groups, as one result set paged by startIndex/count (RFC 7644 §3.4.2.4). */
  const searchAll: Middleware = async function searchAll(ctx) {
    const query = scimQuery(ctx);
    const paging = readPaging(query);
    const text = queryString(query, 'filter');
    const users = text === undefined ? {} : resolveFor(() => parseFilter(text, USER_FILTER_ATTRS));
    const groups = text === undefined ? {} : resolveFor(() => parseFilter(text, GROUP_FILTER_ATTRS));
    if (users.error && groups.error) throw users.error;

    let userTotal = 0;
    const resources: unknown[] = [];
    if (!users.error) {
      const page = await userPage(ctx, query, paging, users.node);
      userTotal = page.total;
      resources.push(...page.resources);
    }
    let groupTotal = 0;
    if (!groups.error) {
      const groupPaging = { startIndex: Math.max(1, paging.startIndex - userTotal), count: paging.count - resources.length };
      const page = await groupPage(ctx, query, groupPaging, groups.node);
      groupTotal = page.total;
      resources.push(...page.resources);
    }
    send(ctx, 200, listResponse(resources, userTotal + groupTotal, paging.startIndex));
  };

  const bulkNotSupported: Middleware = async function bulkNotSupported(ctx) {
    // Rendered here rather than thrown: a client asking for an unsupported feature is not a server failure to log.
    renderScimError(
      ctx,
      new ScimError(
        501,
        undefined,
        'Bulk operations are not supported (ServiceProviderConfig bulk.supported is false): send each operation as its own request',
      ),
    );
  };

  return { search: [requireJsonBody, readSearchRequest, searchAll], bulk: [bulkNotSupported] } satisfies Record<string, Middleware[]>;
}
