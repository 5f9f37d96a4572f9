// Directory Insights for people: a resource named (`user:<id>` → "user ada.lovelace", `group:<id>` → "group
// LMS learners"), an event's detail as a list (attributes changed, whether a password was pushed, HTTP status),
// day pickers turned into the query's instants, and the CSV export of the filtered events.
import type { IdpEvent } from '../../domain.js';
import type { IdpDeps } from '../deps.js';

/** Names for the `user:<id>` and `group:<id>` resources of these events (one lookup per ID). */
export async function resourceNames(services: IdpDeps['services'], events: readonly IdpEvent[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const e of events) {
    const r = e.resource;
    if (!r || names.has(r)) continue;
    const [kind, id] = [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)];
    if (kind === 'user') {
      const name = e.userId === id && e.username ? e.username : (await services.directory.findUser(id))?.username;
      if (name) names.set(r, `user ${name}`);
    } else if (kind === 'group') {
      const group = await services.directory.getGroup(id).catch(() => undefined);
      if (group) names.set(r, `group ${group.name}`);
    }
  }
  return names;
}

/** An event's detail as label/value pairs (nested values as compact JSON), in the order recorded. */
export function detailEntries(detail: Record<string, unknown>): [string, string][] {
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The day pickers' values (YYYY-MM-DD, UTC) as the query's instants: From = the start of that day, To = the
 * start of the next day (the query's `to` is exclusive), so "from 3 Dec to 3 Dec" is all of 3 December.
 */
export function dayRange(q: Record<string, string>): Record<string, string> {
  const out = { ...q };
  if (q.from && DAY.test(q.from)) out.from = `${q.from}T00:00:00Z`;
  if (q.to && DAY.test(q.to)) {
    const next = new Date(`${q.to}T00:00:00Z`);
    if (!Number.isNaN(next.getTime())) {
      next.setUTCDate(next.getUTCDate() + 1);
      out.to = next.toISOString().replace('.000Z', 'Z');
    }
  }
  return out;
}

function csvCell(value: string): string {
  // A cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with ' (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = ['time', 'type', 'initiator', 'application', 'resource', 'outcome', 'reason', 'detail'];

export function csvRow(e: IdpEvent, names: Map<string, string>): string {
  return [
    e.time.toISOString(),
    e.type,
    e.initiator,
    e.application ?? '',
    (e.resource && names.get(e.resource)) ?? e.resource ?? '',
    e.success ? 'success' : 'failure',
    e.reason ?? '',
    JSON.stringify(e.detail),
  ]
    .map(csvCell)
    .join(',');
}
