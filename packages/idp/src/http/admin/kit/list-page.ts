// The portal's list pages: search, paging in the store, the pager.
import { html, type SafeHtml } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';
import type { Page } from '../../../domain.js';
import type { ListOptions } from '../../../store/types.js';

/** Rows per page of the portal's lists (Users, User Groups, SSO Applications). */
export const PAGE_SIZE = 50;

/** `?q=` (trimmed, at most 200 characters) and `?page=` (1 when absent or not a positive number) of a list page. */
export interface ListQuery {
  q: string;
  page: number;
}

export function listQuery(ctx: ParameterizedContext): ListQuery {
  const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim().slice(0, 200) : '';
  const raw = typeof ctx.query.page === 'string' ? ctx.query.page : '';
  const page = /^\d{1,9}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
  return { q, page };
}

/** One page of a store list, searched and paged in the store; a page past the end shows the last one. */
export async function loadPage<T>(
  query: ListQuery,
  load: (options: ListOptions) => Promise<Page<T>>,
): Promise<{ result: Page<T>; page: number }> {
  const options = (page: number): ListOptions => ({
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    ...(query.q ? { search: query.q } : {}),
  });
  let page = query.page;
  let result = await load(options(page));
  const last = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (page > last) {
    page = last;
    result = await load(options(page));
  }
  return { result, page };
}

function listHref(path: string, q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** The GET search form above a list. */
export function searchForm(path: string, q: string, label: string): SafeHtml {
  return html`<form method="get" action="${path}" role="search" class="card">
<label for="q">${label}</label>
<input type="search" id="q" name="q" value="${q}" maxlength="200">
<button type="submit" class="secondary">Search</button>${q ? html` <a href="${path}">Clear search</a>` : ''}
</form>`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** "Showing 51–100 of 1,234" and the Previous / Next links (the search kept). */
export function pager(path: string, q: string, page: number, result: Page<unknown>, noun: string): SafeHtml {
  if (result.total === 0) return q ? html`<p role="status">No ${noun} matches "${q}".</p>` : html``;
  const from = result.offset + 1;
  const to = result.offset + result.items.length;
  const last = Math.ceil(result.total / PAGE_SIZE);
  const links =
    last > 1
      ? html`<nav class="pager" aria-label="Pages of ${noun}s">${
          page > 1
            ? html`<a href="${listHref(path, q, page - 1)}" rel="prev" aria-label="Previous page (page ${page - 1} of ${last})">← Previous</a> `
            : ''
        }<span>Page ${page} of ${last}</span>${
          page < last
            ? html` <a href="${listHref(path, q, page + 1)}" rel="next" aria-label="Next page (page ${page + 1} of ${last})">Next →</a>`
            : ''
        }</nav>`
      : '';
  return html`<p role="status">Showing ${count(from)}–${count(to)} of ${count(result.total)}${q ? html` matching "${q}"` : ''}</p>${links}`;
}
