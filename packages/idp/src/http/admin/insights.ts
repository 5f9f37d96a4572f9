// Directory Insights: the event log with filters (type, application, user, success, time range), paged.
import { html, type SafeHtml, toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { EventFilter, IdpEvent } from '../../domain.js';
import { EVENT_TYPES } from '../../services/events.js';
import { readEventFilter } from '../api/event-routes.js';
import type { IdpDeps } from '../deps.js';
import { dayRange, detailEntries, resourceNames } from './insights-view.js';
import { renderAdmin } from './kit/layout.js';

const PAGE = 50;
const TYPES = ['', ...EVENT_TYPES];

/** The SSO trace of an sso_auth event (sso-trace-page.ts), while it is kept. */
function traceLink(e: IdpEvent): SafeHtml | string {
  const id = e.detail.traceId;
  if (e.type !== 'sso_auth' || typeof id !== 'string') return '';
  return html` · <a href="/admin/insights/traces/${encodeURIComponent(id)}" aria-label="SSO trace of the event at ${e.time.toISOString()}">Trace</a>`;
}

export const showInsights =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const q: Record<string, string> = {};
    for (const k of ['type', 'application', 'user', 'success', 'from', 'to', 'offset']) {
      const value = ctx.query[k];
      if (typeof value === 'string' && value !== '') q[k] = value;
    }
    let filter: EventFilter | undefined;
    let problem: string | undefined;
    try {
      filter = readEventFilter({ ...dayRange(q), limit: String(PAGE) });
    } catch (err) {
      problem = toSamlbridgeError(err).message;
    }
    const result = filter ? await services.events.list(filter) : { items: [], total: 0, limit: PAGE, offset: 0 };
    const names = await resourceNames(services, result.items);
    const { offset: _offset, ...filters } = q;
    const csv = `/admin/insights.csv?${new URLSearchParams(filters)}`;
    const link = (offset: number) => `/admin/insights?${new URLSearchParams({ ...q, offset: String(offset) })}`;
    renderAdmin(
      ctx,
      'insights',
      'Directory Insights',
      html`<h1>Directory Insights</h1>
<form method="get" action="/admin/insights" class="card filters" role="search" aria-label="Filter events">
<div><label for="type">Event type</label><select id="type" name="type">${TYPES.map((t) => html`<option value="${t}"${q.type === t ? html` selected` : ''}>${t || 'any'}</option>`)}</select></div>
<div><label for="application">Application <span class="hint">(name, as in /saml2/{name})</span></label><input type="text" id="application" name="application" value="${q.application ?? ''}"></div>
<div><label for="user">User <span class="hint">(username or ID)</span></label><input type="text" id="user" name="user" value="${q.user ?? ''}"></div>
<div><label for="success">Outcome</label><select id="success" name="success">${[
        ['', 'any'],
        ['true', 'success'],
        ['false', 'failure'],
      ].map(([v, l]) => html`<option value="${v}"${(q.success ?? '') === v ? html` selected` : ''}>${l}</option>`)}</select></div>
<div><label for="from">From <span class="hint">(day, UTC)</span></label><input type="date" id="from" name="from" value="${q.from ?? ''}"></div>
<div><label for="to">To <span class="hint">(day, UTC, included)</span></label><input type="date" id="to" name="to" value="${q.to ?? ''}"></div>
<div class="filter-actions"><button type="submit">Filter</button> <a href="/admin/insights">Clear filters</a></div>
</form>
${problem ? html`<div class="alert error" role="alert">${problem}</div>` : ''}
<p>${String(result.total)} event${result.total === 1 ? '' : 's'}${result.total > 0 ? ` · ${result.offset + 1}–${result.offset + result.items.length}` : ''}${
        filter ? html` · <a href="${csv}" download="directory-insights.csv">Export CSV</a>` : ''
      }</p>
<table class="stack"><thead><tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col">Initiator</th><th scope="col">Application</th><th scope="col">Resource</th><th scope="col">Outcome</th><th scope="col">Detail</th></tr></thead>
<tbody>${result.items.map(
        (e) =>
          html`<tr><td data-label="Time" class="nowrap">${e.time
            .toISOString()
            .replace('T', ' ')
            .replace(
              /\.\d+Z$/,
              ' UTC',
            )}</td><td data-label="Type">${e.type}</td><td data-label="Initiator">${e.initiator}</td><td data-label="Application">${e.application ?? ''}</td><td data-label="Resource">${(e.resource && names.get(e.resource)) ?? e.resource ?? ''}</td><td data-label="Outcome">${e.success ? 'success' : `failure: ${e.reason ?? ''}`}${traceLink(e)}</td><td data-label="Detail">${
            detailEntries(e.detail).length
              ? html`<details><summary>Detail</summary><dl class="kv">${detailEntries(e.detail).map(([k, v]) => html`<dt>${k}</dt><dd><code>${v}</code></dd>`)}</dl></details>`
              : ''
          }</td></tr>`,
      )}</tbody></table>
<p>${result.offset > 0 ? html`<a href="${link(Math.max(result.offset - PAGE, 0))}">← Newer</a> ` : ''}${
        result.offset + result.items.length < result.total ? html`<a href="${link(result.offset + PAGE)}">Older →</a>` : ''
      }</p>`,
    );
  };
