// GET /admin/insights.csv: the events Directory Insights shows for the same filters, as CSV (newest first, at
// most MAX_ROWS), resources named as on the page.
import { toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { readEventFilter } from '../api/event-routes.js';
import type { IdpDeps } from '../deps.js';
import { CSV_HEADER, csvRow, dayRange, resourceNames } from './insights-view.js';

const BATCH = 200;
export const MAX_ROWS = 10_000;

export const exportInsightsCsv =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const q: Record<string, string> = {};
    for (const k of ['type', 'application', 'user', 'success', 'from', 'to']) {
      const value = ctx.query[k];
      if (typeof value === 'string' && value !== '') q[k] = value;
    }
    const lines = [CSV_HEADER.join(',')];
    try {
      for (let offset = 0; offset < MAX_ROWS; offset += BATCH) {
        const page = await services.events.list(readEventFilter({ ...dayRange(q), limit: String(BATCH), offset: String(offset) }));
        const names = await resourceNames(services, page.items);
        for (const e of page.items) lines.push(csvRow(e, names));
        if (offset + page.items.length >= page.total || page.items.length === 0) break;
      }
    } catch (err) {
      const e = toSamlbridgeError(err);
      if (e.status >= 500) throw err;
      ctx.status = 400;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${e.message}\n`;
      return;
    }
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', 'attachment; filename="directory-insights.csv"');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = `${lines.join('\r\n')}\r\n`;
  };
