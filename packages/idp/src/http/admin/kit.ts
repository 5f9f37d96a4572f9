// Admin portal plumbing: its own session cookie, the signed-in admin, flash messages (PRG),
// form bodies (urlencoded or multipart), the page layout.
import { SamlbridgeError } from '@samlbridge/protocol';
import { csrfToken, html, page, parseBody, type SafeHtml, sessions, toSamlbridgeError } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Admin, Page } from '../../domain.js';
import { MAX_IMAGE_BYTES } from '../../services/app-images.js';
import type { ListOptions } from '../../store/types.js';
import type { IdpDeps } from '../deps.js';
import { BRAND } from '../pages.js';

export const ADMIN_COOKIE = 'samlbridge_idp_admin';

/** Separate from the user session: signing in to the console never makes anyone an admin. */
export function adminSessions({ config, store, clock }: IdpDeps): Middleware {
  return sessions({
    cookieName: ADMIN_COOKIE,
    store: store.sessions,
    clock,
    ttlSeconds: config.sessionTtlSeconds,
    secure: config.baseUrl.startsWith('https:'),
    sameSite: 'lax',
  });
}

export function currentAdmin(ctx: ParameterizedContext): Admin {
  const admin = (ctx.state as { admin?: Admin }).admin;
  if (!admin) throw new Error('admin route ran without requireAdmin');
  return admin;
}

/** Signed-in admins only; everyone else goes to the admin login (and back afterwards for a GET). */
export const requireAdmin =
  ({ services }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const id = ctx.state.session.get<string>('adminId');
    const admin = id ? await services.admins.get(id) : undefined;
    if (!admin) {
      if (id) ctx.state.session.destroy();
      const back = ctx.method === 'GET' ? `?next=${encodeURIComponent(ctx.path)}` : '';
      ctx.status = 303;
      return ctx.redirect(`/admin/login${back}`);
    }
    (ctx.state as { admin?: Admin }).admin = admin;
    await next();
  };

/** `warn`: done, with something to check (shown in the warning style). */
export type FlashKind = 'ok' | 'warn' | 'error';

export function flash(ctx: ParameterizedContext, kind: FlashKind, message: string): void {
  ctx.state.session.set('flash', { kind, message });
}

function takeFlash(ctx: ParameterizedContext): { kind: FlashKind; message: string } | undefined {
  const f = ctx.state.session.get<{ kind: FlashKind; message: string }>('flash');
  if (f) ctx.state.session.delete('flash');
  return f;
}

/** POST → 303 → GET (PRG). */
export function seeOther(ctx: ParameterizedContext, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

export type FormBody = Record<string, string | string[] | File>;

export function form(ctx: ParameterizedContext): FormBody {
  return ((ctx.request as { body?: FormBody }).body ?? {}) as FormBody;
}

/** One text value of a form field ('' when absent or repeated). */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** Every value of a repeated field (checkboxes). */
export function list(body: FormBody, name: string): string[] {
  const v: unknown = body[name];
  if (Array.isArray(v)) return v;
  // qs (the urlencoded parser) turns more than 20 repeated fields into an object keyed 0, 1, …
  if (v && typeof v === 'object' && !(v instanceof File)) return Object.values(v).filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

const MAX_MULTIPART = MAX_IMAGE_BYTES + 64 * 1024;

/**
 * Form bodies: urlencoded through web's parseBody, multipart (image upload) with Node's own
 * FormData parser after a size-limited read (413 beyond it).
 */
export function parseForm(): Middleware {
  const urlencoded = parseBody();
  return async (ctx, next) => {
    if (!ctx.is('multipart/form-data')) return urlencoded(ctx, next);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_MULTIPART) {
        throw new SamlbridgeError('message_too_large', `The form is larger than ${MAX_MULTIPART / 1024} KiB: choose a smaller image.`, {
          status: 413,
        });
      }
      chunks.push(chunk as Buffer);
    }
    let data: FormData;
    try {
      data = await new Request('http://form.invalid/', {
        method: 'POST',
        headers: { 'content-type': ctx.get('content-type') },
        body: Buffer.concat(chunks),
      }).formData();
    } catch {
      throw new SamlbridgeError('bad_request', 'The form could not be read. Reload the page and try again.', { status: 400 });
    }
    const body: FormBody = {};
    data.forEach((value, k) => {
      const prev = body[k];
      if (typeof value !== 'string') body[k] = value;
      else if (prev === undefined) body[k] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else if (typeof prev === 'string') body[k] = [prev, value];
    });
    (ctx.request as { body?: FormBody }).body = body;
    await next();
  };
}

/** A form action: success → flash + 303 to where it says; a 4xx problem → flash the message + 303 back. */
export function action(
  run: (ctx: ParameterizedContext, body: FormBody) => Promise<{ to: string; message: string }>,
  back: (ctx: ParameterizedContext) => string,
): Middleware {
  return async (ctx) => {
    try {
      const { to, message } = await run(ctx, form(ctx));
      flash(ctx, 'ok', message);
      seeOther(ctx, to);
    } catch (thrown) {
      const err = toSamlbridgeError(thrown);
      if (err.status >= 500 || err.status === 403) throw thrown;
      flash(ctx, 'error', err.message);
      (ctx.state as { failure?: string }).failure = err.code;
      seeOther(ctx, back(ctx));
    }
  };
}

/** Records each portal action (who, what, outcome) as an `admin_portal` event. */
export const auditPortal =
  ({ services }: IdpDeps): Middleware =>
  async (ctx, next) => {
    if (ctx.method !== 'POST') return next();
    let code: string | null = null;
    try {
      await next();
      code = (ctx.state as { failure?: string }).failure ?? null;
    } catch (err) {
      code = toSamlbridgeError(err).code;
      throw err;
    } finally {
      const admin = (ctx.state as { admin?: Admin }).admin;
      if (admin) {
        await services.events.record({
          type: 'admin_portal',
          initiator: `admin:${admin.email}`,
          resource: `POST ${ctx.path}`,
          success: code === null,
          reason: code,
        });
      }
    }
  };

/** The portal's sections, grouped as in JumpCloud's sidebar (article: "USER AUTHENTICATION → SSO Applications"). */
const NAV_GROUPS = [
  [
    'User Management',
    [
      ['users', '/admin/users', 'Users'],
      ['groups', '/admin/groups', 'User Groups'],
    ],
  ],
  ['User Authentication', [['applications', '/admin/applications', 'SSO Applications']]],
  ['Insights', [['insights', '/admin/insights', 'Directory Insights']]],
] as const;

export type Section = 'applications' | 'users' | 'groups' | 'insights';

function sidebar(section: Section): SafeHtml {
  return html`<nav class="sidebar" aria-label="Admin portal">${NAV_GROUPS.map(
    ([group, items]) =>
      html`<p class="nav-group" aria-hidden="true">${group}</p><ul aria-label="${group}">${items.map(
        ([key, href, label]) => html`<li><a href="${href}"${key === section ? html` aria-current="page"` : ''}>${label}</a></li>`,
      )}</ul>`,
  )}</nav>`;
}

/** The admin layout: sidebar navigation, the flash message of the previous action, the page. */
export function renderAdmin(ctx: ParameterizedContext, section: Section | undefined, title: string, body: SafeHtml): void {
  const f = takeFlash(ctx);
  const admin = (ctx.state as { admin?: Admin }).admin;
  const account =
    section && admin
      ? html`<span class="who">${admin.email}</span><form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${csrfToken(ctx)}"><button type="submit" class="secondary">Sign out</button></form>`
      : undefined;
  const message = f ? html`<div class="alert ${f.kind}" role="${f.kind === 'error' ? 'alert' : 'status'}">${f.message}</div>` : '';
  const content = section
    ? html`<div class="with-sidebar">${sidebar(section)}<div class="content">${message}${body}</div></div>`
    : html`${message}${body}`;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-cache, no-store');
  ctx.body = page({
    title: `${title} · Admin`,
    brand: `${BRAND} admin`,
    body: content,
    account,
    theme: 'idp',
    wide: section !== undefined,
  });
}

export const csrfField = (ctx: ParameterizedContext) => html`<input type="hidden" name="_csrf" value="${csrfToken(ctx)}">`;

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

/**
 * A checkbox list saved as "exactly these": the checked IDs among those the form showed (`shownIds`), plus
 * the current ones it did not show, so a list cut short (or a stale page) never unbinds what it hid.
 */
export function checkedAmongShown(current: readonly string[], body: FormBody, field: string): string[] {
  const shown = new Set(list(body, 'shownIds'));
  return [...new Set([...current.filter((id) => !shown.has(id)), ...list(body, field)])];
}
