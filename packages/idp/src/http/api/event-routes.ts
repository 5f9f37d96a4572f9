import type { Router } from '@koa/router';
import type { EventFilter } from '../../domain.js';
import { EVENT_TYPES } from '../../services/events.js';
import { Validator } from '../../services/validation.js';
import type { IdpDeps } from '../deps.js';
import { readPage } from './pagination.js';

function text(v: Validator, query: Record<string, unknown>, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || raw.length > 256) {
    v.problem(name, 'must be given once, at most 256 characters');
    return undefined;
  }
  return raw;
}

function instant(v: Validator, query: Record<string, unknown>, name: string): Date | undefined {
  const raw = text(v, query, name);
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) {
    v.problem(name, 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z');
    return undefined;
  }
  return d;
}

/** The Directory Insights query (API and portal): `type, application, user, success, from, to, limit, offset`. */
export function readEventFilter(q: Record<string, unknown>): EventFilter {
  const v = new Validator({});
  const filter: EventFilter = {
    // `event_type` is the Directory Insights name of the same filter.
    type: text(v, q, 'type') ?? text(v, q, 'event_type'),
    application: text(v, q, 'application'),
    user: text(v, q, 'user'),
    from: instant(v, q, 'from'),
    to: instant(v, q, 'to'),
    ...readPage(v, q),
  };
  if (filter.type !== undefined && !(EVENT_TYPES as readonly string[]).includes(filter.type)) {
    v.problem(q.type === undefined ? 'event_type' : 'type', `must be one of: ${EVENT_TYPES.join(', ')}`);
  }
  const success = text(v, q, 'success');
  if (success !== undefined) {
    if (success === 'true' || success === 'false') filter.success = success === 'true';
    else v.problem('success', 'must be true or false');
  }
  v.done();
  return filter;
}

/** Directory Insights-style query: `GET /api/events?type=&application=&user=&success=&from=&to=&limit=&offset=`. */
export function eventRoutes(router: Router, { services }: IdpDeps): void {
  router.get('/events', async (ctx) => {
    ctx.body = await services.events.list(readEventFilter(ctx.query as Record<string, unknown>));
    // `?export=json`: the same page as a JSON file download.
    if (ctx.query.export === 'json') ctx.attachment('events.json');
  });
}
