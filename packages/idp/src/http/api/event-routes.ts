// Directory Insights-style query: `GET /api/events?type=&application=&user=&success=&from=&to=&limit=&offset=`.
import { type ApiRoute, queryReader, route } from '@samlbridge/web';
import type { EventFilter } from '../../domain.js';
import type { IdpDeps } from '../deps.js';
import { API_CHECKS } from './checks.js';
import { errors, page } from './schemas/common.js';
import { Event, EventQuery } from './schemas/events.js';

type Query = ReturnType<ReturnType<typeof queryReader<typeof EventQuery>>>;

function toFilter({ type, event_type, from, to, export: _export, ...rest }: Query): EventFilter {
  return {
    ...rest,
    // `event_type` is the Directory Insights name of the same filter.
    type: type ?? event_type,
    from: from === undefined ? undefined : new Date(from),
    to: to === undefined ? undefined : new Date(to),
  };
}

const readQuery = queryReader(EventQuery, API_CHECKS);

/** The Directory Insights query (API and portal): `type, application, user, success, from, to, limit, offset`. */
export function readEventFilter(q: Record<string, unknown>): EventFilter {
  return toFilter(readQuery(q));
}

export function eventRoutes({ services }: IdpDeps): ApiRoute[] {
  return [
    route('get', '/events', 'Directory Insights: audit events, newest first', { query: EventQuery }).ok(
      page(Event),
      'Events',
      errors(400),
      async ({ query }, ctx) => {
        // `?export=json`: the same page as a JSON file download.
        if (query.export === 'json') ctx.attachment('events.json');
        return services.events.list(toFilter(query));
      },
    ),
  ];
}
