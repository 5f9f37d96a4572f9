// USER AUTHENTICATION → SSO Applications: the list (+ bulk delete), the catalog, the create form.

import { html } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../admin-errors.js';
import { ICONS, imageDataUrl } from '../../services/app-images.js';
import { findCatalogEntry, searchCatalog } from '../../services/catalog.js';
import { Validator } from '../../services/validation.js';
import type { IdpDeps } from '../deps.js';
import { action } from './kit/form-action.js';
import { type FormBody, list, text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';
import { listQuery, loadPage, pager, searchForm } from './kit/list-page.js';
import { signingKeysNotice } from './signing-keys.js';

const img = (id: string) => html`<img src="/images/applications/${id}" alt="" width="32" height="32">`;

export const listApplications =
  ({ services, keys, clock }: IdpDeps): Middleware =>
  async (ctx) => {
    const query = listQuery(ctx);
    const { result, page } = await loadPage(query, (options) => services.directory.listApplications(options));
    const apps = result.items;
    const rows = apps.map(
      (a) => html`<tr>
<td><input type="checkbox" name="ids" value="${a.id}" id="select-${a.id}" aria-label="Select ${a.displayLabel}"></td>
<td>${img(a.id)}</td>
<td data-label="Display label"><a href="/admin/applications/${a.id}">${a.displayLabel}</a></td>
<td data-label="SSO IdP URL">${a.kind === 'bookmark' ? 'Bookmark' : html`<code>${a.ssoUrl}</code>`}</td>
<td data-label="Status">${a.ssoActive ? 'Active' : 'Deactivated'}${a.showInConsole ? '' : ' · hidden from user console'}</td>
</tr>`,
    );
    renderAdmin(
      ctx,
      'applications',
      'SSO Applications',
      html`<h1>SSO Applications</h1>
${signingKeysNotice(keys.published(), clock.now())}
<p><a class="button" href="/admin/applications/new">+ Add New Application</a></p>
${result.total === 0 && !query.q ? '' : searchForm('/admin/applications', query.q, 'Search by display label or name')}
${pager('/admin/applications', query.q, page, result, 'application')}
${
  apps.length === 0
    ? query.q
      ? ''
      : html`<div class="card"><p>No application yet. Add one from the catalog.</p></div>`
    : html`<form method="post" action="/admin/applications/delete">
${csrfField(ctx)}
<table class="stack">
<thead><tr><th scope="col">Select</th><th scope="col"><span class="hint">Image</span></th><th scope="col">Display label</th><th scope="col">SSO IdP URL</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<div class="card">
<h2>Delete selected applications</h2>
<p class="hint">Deleting an application removes its group bindings. Service providers pointing at its SSO IdP URL stop working.</p>
<label for="count">Enter the number of the applications you are deleting</label>
<input type="text" id="count" name="count" inputmode="numeric" autocomplete="off" required>
<button type="submit" class="danger">Delete Application</button>
</div>
</form>`
}`,
    );
  };

export const bulkDelete = ({ services }: IdpDeps): Middleware =>
  action(
    async (_ctx, body) => {
      const ids = list(body, 'ids');
      if (ids.length === 0) throw adminError('nothing_selected');
      const { deleted } = await services.directory.deleteApplications({ ids, count: text(body, 'count') });
      return { to: '/admin/applications', message: `Deleted ${deleted} application${deleted === 1 ? '' : 's'}.` };
    },
    () => '/admin/applications',
  );

/** "+ Add New Application": search the catalog, select, Next. */
export const showCatalog: Middleware = async (ctx) => {
  const q = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 100) : '';
  const entries = searchCatalog(q);
  renderAdmin(
    ctx,
    'applications',
    'Add New Application',
    html`<h1>Add New Application</h1>
<form method="get" action="/admin/applications/new" role="search">
<label for="q">Search</label>
<input type="text" id="q" name="q" value="${q}" placeholder="TalentLMS, Custom SAML App, Bookmark…">
<button type="submit" class="secondary">Search</button>
</form>
${entries.length === 0 ? html`<p>No application in the catalog matches "${q}".</p>` : ''}
<ul class="tiles">${entries.map(
      (e) =>
        html`<li class="tile"><a href="/admin/applications/new/${e.id}"><img src="/admin/icons/${e.image.slice(5)}.svg" alt="" width="48" height="48"><span class="name">${e.label}</span><span class="desc">${e.details}</span><span class="hint">Next →</span></a></li>`,
    )}</ul>
<p><a href="/admin/applications">Cancel</a></p>`,
  );
};

function imageChoices(current: string | null): ReturnType<typeof html> {
  return html`<fieldset><legend>User Portal Image</legend>
${Object.keys(ICONS).map(
  (name) =>
    html`<label class="inline"><input type="radio" name="icon" value="${name}"${current === `icon:${name}` ? html` checked` : ''}> <img src="/admin/icons/${name}.svg" alt="" width="32" height="32"> ${name}</label> `,
)}
<label for="upload">…or upload an image <span class="hint">(PNG, JPEG or SVG, at most 64 KiB; it replaces the icon)</span></label>
<input type="file" id="upload" name="upload" accept="image/png,image/jpeg,image/svg+xml">
</fieldset>`;
}

/** General-info fields shared by the create form and the panel's General tab. */
export function generalFields(v: { displayLabel: string; description: string; image: string | null; showInConsole: boolean }) {
  return html`<label for="displayLabel">Display Label</label>
<input type="text" id="displayLabel" name="displayLabel" value="${v.displayLabel}" required maxlength="200">
<label for="description">Description <span class="hint">(optional)</span></label>
<textarea id="description" name="description" maxlength="2000">${v.description}</textarea>
${imageChoices(v.image)}
<label><input type="checkbox" name="showInConsole" value="true"${v.showInConsole ? html` checked` : ''}> Show in User Portal</label>`;
}

/** Image from the form: an uploaded file wins over the chosen icon. */
export async function formImage(body: FormBody): Promise<string | null | undefined> {
  const upload = body.upload;
  if (upload instanceof File && upload.size > 0) {
    const v = new Validator({});
    const url = imageDataUrl(v, 'image', upload.type, Buffer.from(await upload.arrayBuffer()));
    v.done();
    return url;
  }
  const icon = text(body, 'icon');
  return icon ? `icon:${icon}` : undefined;
}

export const showCreateForm =
  ({ config }: IdpDeps): Middleware =>
  async (ctx) => {
    const entry = findCatalogEntry(String(ctx.params.catalogId ?? ''));
    if (!entry) throw adminError('not_found', 'There is no such application in the catalog.');
    renderAdmin(
      ctx,
      'applications',
      `New ${entry.label}`,
      html`<h1>New application: ${entry.label}</h1>
<form method="post" action="/admin/applications" enctype="multipart/form-data" class="card">
${csrfField(ctx)}
<input type="hidden" name="catalog" value="${entry.id}">
${generalFields({ displayLabel: entry.label, description: entry.description, image: entry.image, showInConsole: true })}
${
  entry.kind === 'bookmark'
    ? html`<label for="bookmarkUrl">Bookmark URL</label><input type="url" id="bookmarkUrl" name="bookmarkUrl" value="${entry.defaults.bookmarkUrl ?? ''}" required>
<p class="hint">Replace YOURDOMAIN with your TalentLMS domain.</p>`
    : html`<details><summary>Advanced Settings</summary>
<label for="name">SSO IdP URL</label>
<p class="hint"><code>${config.baseUrl}/saml2/</code> followed by the application name below. Leave it empty to derive it from the display label. <strong>It can't be edited after the application is created.</strong></p>
<input type="text" id="name" name="name" value="" pattern="[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?" placeholder="${entry.suggestedName || 'applicationname'}">
</details>`
}
<button type="submit">Save Application</button> <a href="/admin/applications/new">Back</a>
</form>`,
    );
  };

export const createApplication = ({ services }: IdpDeps): Middleware =>
  action(
    async (_ctx, body) => {
      const input: Record<string, unknown> = {
        catalog: text(body, 'catalog'),
        displayLabel: text(body, 'displayLabel'),
        description: text(body, 'description'),
        showInConsole: text(body, 'showInConsole') === 'true',
      };
      if (text(body, 'name')) input.name = text(body, 'name');
      if (body.bookmarkUrl !== undefined) input.bookmarkUrl = text(body, 'bookmarkUrl');
      const image = await formImage(body);
      if (image !== undefined) input.image = image;
      const app = await services.directory.createApplication(input);
      return { to: `/admin/applications/${app.id}/created`, message: `${app.displayLabel} was saved.` };
    },
    (ctx: ParameterizedContext) => `/admin/applications/new/${encodeURIComponent(text(ctx.request.body as FormBody, 'catalog'))}`,
  );

/** After Save Application: Configure Application or Close. */
export const showCreated =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await services.directory.getApplication(String(ctx.params.id));
    renderAdmin(
      ctx,
      'applications',
      'Application saved',
      html`<section class="card narrow"><h1>${app.displayLabel}</h1>
<p>SSO IdP URL: <code>${app.ssoUrl}</code></p>
<p><a class="button" href="/admin/applications/${app.id}/${app.kind === 'bookmark' ? 'bookmark' : 'sso'}">Configure Application</a>
<a class="button secondary" href="/admin/applications">Close</a></p></section>`,
    );
  };

export const sendIcon: Middleware = async (ctx) => {
  const svg = ICONS[String(ctx.params.icon ?? '')];
  if (!svg) throw adminError('not_found', 'No such icon.');
  ctx.type = 'image/svg+xml';
  ctx.set('Cache-Control', 'public, max-age=3600');
  ctx.body = svg;
};
