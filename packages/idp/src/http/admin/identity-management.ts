// The application's Identity Management tab (article: "Configuring the Identity Management
// Integration", "Importing Users", "To deactivate the IdM Integration"): Base URL + Token Key →
// Activate (verified for real), update, reauth, deactivate, delete; per-user sync status; manual
// import with New/Imported statuses and a New-only filter; import notifications.
import type { Router } from '@koa/router';
import { html, progress, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { ResolvedApplication } from '../../domain.js';
import type { ImportJob } from '../../provisioning/import-jobs.js';
import type { IdpDeps } from '../deps.js';
import { importSummary } from './import-summary.js';
import { importedInvitationCard, rememberImported } from './invitations.js';
import { currentAdmin } from './kit/admin-session.js';
import { confirmField, requireConfirmation } from './kit/confirm.js';
import { action } from './kit/form-action.js';
import { type FormBody, list, text } from './kit/form-body.js';
import { csrfField } from './kit/layout.js';
import { pauseNotice } from './provisioning-pause-notice.js';

export type PanelRenderer = (ctx: ParameterizedContext, app: ResolvedApplication, tab: 'identity-management', body: SafeHtml) => void;

const appId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');
const initiator = (ctx: ParameterizedContext) => `admin:${currentAdmin(ctx).email}`;
const tabUrl = (ctx: ParameterizedContext) => `/admin/applications/${appId(ctx)}/identity-management`;

function settings(body: FormBody, withToken: boolean) {
  const out: Record<string, unknown> = {
    baseUrl: text(body, 'baseUrl').trim() || undefined,
    deleteOnIdpDelete: text(body, 'deleteOnIdpDelete') === 'on',
    importSchedule: text(body, 'importSchedule') || undefined,
  };
  const token = text(body, 'token');
  if (withToken && token !== '') out.token = token;
  return out;
}

function when(d: string | null): string {
  return d ? d.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
}

/** Running background imports (done/total); they live in memory, which the hint says. */
function importProgress(jobs: ImportJob[], refreshHref: string): SafeHtml | string {
  const running = jobs.filter((j) => j.state === 'running');
  if (running.length === 0) return '';
  return html`${running.map((j) =>
    progress({
      label: 'Importing users',
      done: j.done,
      total: j.total,
      detail: `${j.imported} imported, ${j.failed} failed`,
      refreshHref,
    }),
  )}<p class="hint">A background import runs inside this IdP process: if the IdP restarts before it finishes, the import stops. Users already imported stay; import the rest again from New users only.</p>`;
}

async function show(deps: IdpDeps, ctx: ParameterizedContext, render: PanelRenderer) {
  const { provisioning, services } = deps;
  const app = await services.directory.getApplication(appId(ctx));
  const view = await provisioning.idm.get(app.id);
  const statuses = view.configured ? await provisioning.userStatuses(app.id, { limit: 50, offset: 0 }) : undefined;
  const paused = view.active ? await provisioning.pauseStatus(app.id) : undefined;
  const notices = (await provisioning.notifications({ limit: 10, offset: 0, unreadOnly: true })).items.filter(
    (n) => n.applicationId === app.id,
  );
  const base = tabUrl(ctx);
  const state = !view.configured ? 'Not configured' : view.active ? 'Active' : 'Deactivated';
  render(
    ctx,
    app,
    'identity-management',
    html`${notices.map(
      (n) =>
        html`<div class="alert ok" role="status">${n.message} <form method="post" action="/admin/notifications/${n.id}/read" class="inline">${csrfField(ctx)}<button type="submit" class="secondary">Dismiss</button></form></div>`,
    )}
<div class="card"><h2>Identity Management</h2>
<dl class="kv"><dt>Status</dt><dd>${state}</dd><dt>Last verified</dt><dd>${when(view.verifiedAt)}</dd>
<dt>Changes waiting</dt><dd>${view.outbox.pending}</dd><dt>Failed changes</dt><dd>${view.outbox.failed}</dd></dl>
${pauseNotice(paused, app.displayLabel, deps.clock.now())}
${
  view.outbox.pending > 0
    ? progress({
        label: 'Provisioning changes delivered',
        done: view.outbox.done,
        total: view.outbox.done + view.outbox.pending + view.outbox.failed,
        detail: `${view.outbox.pending} waiting`,
        refreshHref: base,
      })
    : ''
}
<form method="post" action="${base}/${view.configured ? 'update' : 'activate'}">${csrfField(ctx)}
<label for="baseUrl">Base URL</label>
<input id="baseUrl" name="baseUrl" type="url" required value="${view.baseUrl ?? ''}" placeholder="https://yourdomain.talentlms.com/api/scim2">
<p class="hint">https://{yourdomain}.talentlms.com/api/scim2</p>
<label for="token">Token Key</label>
<input id="token" name="token" type="password" autocomplete="off" ${view.active ? html`disabled` : ''} placeholder="${view.configured ? 'stored (leave empty to keep it)' : 'API key from TalentLMS'}">
${view.active ? html`<p class="hint">To change the token: deactivate the IdM integration, update the token, then reactivate it.</p>` : html`<p class="hint">The SCIM v2 API key shown once when SCIM provisioning is enabled in TalentLMS.</p>`}
<label><input type="checkbox" name="deleteOnIdpDelete" ${view.deleteOnIdpDelete ? html`checked` : ''}> Delete users in ${app.displayLabel} when they are deleted here (default: deactivate them)</label>
<label for="importSchedule">User import</label>
<select id="importSchedule" name="importSchedule"><option value="manual" ${view.importSchedule === 'manual' ? html`selected` : ''}>Manual</option><option value="hourly" ${view.importSchedule === 'hourly' ? html`selected` : ''}>Every hour</option></select>
<button type="submit">${view.configured ? 'Save' : 'Activate'}</button>
</form>
${
  view.configured
    ? html`<form method="post" action="${base}/reauth" class="inline">${csrfField(ctx)}${view.active ? '' : html`<label for="reauth-token">New Token Key (optional)</label><input id="reauth-token" name="token" type="password" autocomplete="off">`}<button type="submit" class="secondary">${view.active ? 'Verify again' : 'Activate'}</button></form>
${
  view.active
    ? html`<form method="post" action="${base}/deactivate" class="danger-zone">${csrfField(ctx)}<h2>Deactivate IdM connection</h2>${confirmField(
        'confirm-deactivate-idm',
        `I understand: changes here are no longer sent to ${app.displayLabel}. Its users stay as they are, and the Base URL and Token Key are kept, so the connection can be activated again.`,
      )}<button type="submit" class="warning">Deactivate IdM connection</button></form>`
    : ''
}
<form method="post" action="${base}/delete" class="danger-zone">${csrfField(ctx)}<h2>Delete integration</h2>${confirmField(
        'confirm-delete-idm',
        `I understand: the Base URL, the stored Token Key and the links between users here and in ${app.displayLabel} are removed; ${app.displayLabel}'s users are left as they are. Provisioning again needs a new activation with a Token Key.`,
      )}<button type="submit" class="danger">Delete integration</button></form>`
    : ''
}
</div>
${importedInvitationCard(ctx)}
${
  view.active
    ? html`<div class="card"><h2>Import users</h2><p>Create users that exist in ${app.displayLabel} but not here. Imported users must join a group bound to the application to be managed.</p>${importProgress(provisioning.importer.jobs(app.id), base)}<p><a href="${base}/import">Manual import</a> · <a href="${base}/import?newOnly=true">New users only</a></p></div>`
    : ''
}
${
  statuses?.items.length
    ? html`<div class="card"><h2>Provisioned users</h2><table class="stack"><thead><tr><th scope="col">User</th><th scope="col">Status</th><th scope="col">Last request</th><th scope="col">When</th><th scope="col">Error</th><th scope="col">Actions</th></tr></thead><tbody>${statuses.items.map(
        (u) =>
          html`<tr><td data-label="User">${u.username}</td><td data-label="Status">${u.state}${u.pendingChanges ? ` (${u.pendingChanges} waiting)` : ''}</td><td data-label="Last request">${u.lastAction ?? '—'} ${u.lastSuccess === null ? '' : u.lastSuccess ? '✓' : '✗'}</td><td data-label="When">${when(u.lastAttemptAt)}</td><td data-label="Error">${u.lastError ?? ''}</td><td>${view.active ? html`<form method="post" action="${base}/users/${u.userId}/resync" class="inline">${csrfField(ctx)}<button type="submit" class="secondary" aria-label="Resync ${u.username}">Resync</button></form>` : ''}</td></tr>`,
      )}</tbody></table>${statuses.total > statuses.items.length ? html`<p class="hint">First ${statuses.items.length} of ${statuses.total}; all via GET /api/applications/${app.id}/identity-management/users.</p>` : ''}</div>`
    : ''
}`,
  );
}

async function showImport(deps: IdpDeps, ctx: ParameterizedContext, render: PanelRenderer) {
  const app = await deps.services.directory.getApplication(appId(ctx));
  const newOnly = ctx.query.newOnly === 'true';
  const startIndex = Math.max(1, Number.parseInt(String(ctx.query.startIndex ?? '1'), 10) || 1);
  const page = await deps.provisioning.importer.list(app, { newOnly, startIndex, count: 100 });
  const base = tabUrl(ctx);
  const nextStart = startIndex + page.items.length;
  render(
    ctx,
    app,
    'identity-management',
    html`<div class="card"><h2>Manual import</h2>
<p><a href="${base}">← Identity Management</a> · ${newOnly ? html`<a href="${base}/import">All users</a>` : html`<a href="${base}/import?newOnly=true">New users only</a>`}</p>
<form method="post" action="${base}/import">${csrfField(ctx)}
<table class="stack"><thead><tr><th scope="col">Select</th><th scope="col">Username</th><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Status</th></tr></thead><tbody>${page.items.map(
      (u) =>
        html`<tr><td data-label="Select">${
          u.status === 'new'
            ? html`<input type="checkbox" id="import-${u.remoteId}" name="ids" value="${u.remoteId}" aria-label="Import ${u.userName}"><input type="hidden" name="pageIds" value="${u.remoteId}">`
            : ''
        }</td><td data-label="Username">${u.status === 'new' ? html`<label class="inline" for="import-${u.remoteId}">${u.userName}</label>` : u.userName}</td><td data-label="Email">${u.email ?? ''}</td><td data-label="Name">${u.firstName} ${u.lastName}</td><td data-label="Status">${u.status === 'new' ? 'New' : 'Imported'}</td></tr>`,
    )}</tbody></table>
<p class="hint">${page.totalResults} users${newOnly ? ' not yet imported' : ''}. Up to 100 are imported at once with the results shown; more run in the background (progress on the Identity Management tab) and a notice appears there when done. A background import is lost if the IdP restarts before it ends: run it again with New users only.</p>
<button type="submit">Import selected</button>${
      page.items.some((u) => u.status === 'new')
        ? html`<button type="submit" name="all" value="page" class="secondary">Import all new users on this page (${String(page.items.filter((u) => u.status === 'new').length)})</button>`
        : ''
    }</form>
${nextStart <= page.totalResults ? html`<p><a href="${base}/import?startIndex=${nextStart}${newOnly ? '&newOnly=true' : ''}">Next page →</a></p>` : ''}</div>`,
  );
}

/** Registers the tab's routes on the portal router (`admin`: requireAdmin; `post`: form + CSRF + admin + audit). */
export function identityManagementPages(router: Router, deps: IdpDeps, render: PanelRenderer, admin: Middleware, post: Middleware[]): void {
  const { idm, importer } = deps.provisioning;
  const base = '/applications/:id/identity-management';
  router.get(base, admin, (ctx) => show(deps, ctx, render));
  router.get(`${base}/import`, admin, (ctx) => showImport(deps, ctx, render));
  const act = (path: string, run: (ctx: ParameterizedContext, body: FormBody) => Promise<string>) =>
    router.post(
      `${base}/${path}`,
      ...post,
      action(async (ctx, body) => ({ to: tabUrl(ctx), message: await run(ctx, body) }), tabUrl),
    );
  act('activate', async (ctx, body) => {
    await idm.activate(appId(ctx), settings(body, true), initiator(ctx));
    return 'The Identity Management integration has been successfully verified and activated.';
  });
  act('update', async (ctx, body) => {
    await idm.update(appId(ctx), settings(body, true), initiator(ctx));
    return 'Identity Management settings saved.';
  });
  act('reauth', async (ctx, body) => {
    const token = text(body, 'token');
    await idm.reauth(appId(ctx), token ? { token } : {}, initiator(ctx));
    return 'The Identity Management integration has been successfully verified.';
  });
  act('deactivate', async (ctx, body) => {
    requireConfirmation(body);
    await idm.deactivate(appId(ctx), initiator(ctx));
    return 'The IdM connection is deactivated: no more changes are sent.';
  });
  act('delete', async (ctx, body) => {
    requireConfirmation(body);
    await idm.remove(appId(ctx), initiator(ctx));
    return 'The Identity Management integration was deleted.';
  });
  act(`users/:userId/resync`, async (ctx) => {
    const status = await deps.provisioning.resyncUser(appId(ctx), String(ctx.params.userId));
    return `${status.username}: ${status.queued === 'user.upsert' ? 'queued to be pushed again' : 'queued to be deactivated again'} (the status below updates once the application answers).`;
  });
  act('import', async (ctx, body) => {
    const app = await idm.requireApp(appId(ctx));
    // "Import all new users on this page" sends every New user of the page (no JavaScript needed).
    const ids = text(body, 'all') === 'page' ? list(body, 'pageIds') : list(body, 'ids');
    if (ids.length === 0) return 'Select at least one user to import.';
    const result = await importer.importUsers(app, ids, initiator(ctx));
    if (!result.background) rememberImported(ctx, result.results);
    if (result.background) return `Importing ${result.count} users in the background: a notice appears here when it is done.`;
    const detail = await deps.services.directory.getApplication(app.id);
    const groups = [];
    for (const id of detail.groupIds) groups.push((await deps.services.directory.getGroup(id)).name);
    return importSummary(result.results, app.displayLabel, groups);
  });
  router.post('/notifications/:nid/read', ...post, async (ctx) => {
    await deps.provisioning.markNotificationRead(String(ctx.params.nid));
    ctx.status = 303;
    ctx.redirect(ctx.get('referer')?.startsWith(deps.config.baseUrl) ? ctx.get('referer') : '/admin/applications');
  });
}
