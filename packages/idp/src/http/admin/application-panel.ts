// The application configuration panel: tabs General / SSO (or Bookmark) / User Groups (Identity Management: identity-management.ts).
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { ResolvedApplication } from '../../domain.js';
import type { IdpDeps } from '../deps.js';
import { formImage, generalFields } from './applications-list.js';
import { readAssertionEncryptionForm } from './assertion-encryption-fields.js';
import { certificatePanel } from './certificate-panel.js';
import { type FormErrors, formAction } from './form-errors.js';
import { confirmField, requireConfirmation } from './kit/confirm.js';
import { action, formPage } from './kit/form-action.js';
import { checkedAmongShown, type FormBody, text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';
import { metadataImportLink } from './metadata-import.js';
import { singleLogoutCard } from './single-logout-form.js';
import { draftFromForm, readSsoForm, ssoForm, ssoLabel } from './sso-form.js';

type Tab = 'general' | 'sso' | 'bookmark' | 'groups' | 'identity-management' | 'bench';

const appId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');

function tabs(app: ResolvedApplication, current: Tab): SafeHtml {
  const items: [Tab, string][] = [
    ['general', 'General Info'],
    app.kind === 'bookmark' ? ['bookmark', 'Bookmark'] : ['sso', 'SSO'],
    ['groups', 'User Groups'],
    ['identity-management', 'Identity Management'],
    ...(app.kind === 'bookmark' ? [] : ([['bench', 'SP test bench']] as [Tab, string][])),
  ];
  return html`<nav class="tabs" aria-label="Application settings"><ul>${items.map(
    ([tab, label]) =>
      html`<li><a href="/admin/applications/${app.id}${tab === 'general' ? '' : `/${tab}`}"${tab === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

export function panel(ctx: ParameterizedContext, app: ResolvedApplication, tab: Tab, body: SafeHtml): void {
  renderAdmin(
    ctx,
    'applications',
    app.displayLabel,
    html`<p><a href="/admin/applications">← SSO Applications</a></p>
<h1><img src="/images/applications/${app.id}" alt="" width="40" height="40"> ${app.displayLabel}</h1>
${app.ssoActive ? '' : html`<div class="alert warn">${app.kind === 'bookmark' ? 'This bookmark is deactivated.' : 'SSO is deactivated for this application: its SSO IdP URL answers that sign-in is deactivated.'}</div>`}
${tabs(app, tab)}
${body}`,
  );
}

function activation(ctx: ParameterizedContext, app: ResolvedApplication): SafeHtml {
  const what = app.kind === 'bookmark' ? 'Bookmark' : 'SSO';
  return html`<form method="post" action="/admin/applications/${app.id}/${app.ssoActive ? 'deactivate' : 'activate'}" class="card">
${csrfField(ctx)}
${
  app.ssoActive
    ? html`<h2>Deactivate ${what}</h2>${confirmField(
        'confirm-deactivate',
        app.kind === 'bookmark'
          ? `I understand: the ${app.displayLabel} bookmark stops opening from the user console until it is activated again. Its settings and group bindings are kept.`
          : `I understand: nobody can sign in to ${app.displayLabel} through this IdP (its SSO IdP URL refuses every sign-in) until SSO is activated again. Its settings, certificate and group bindings are kept.`,
      )}<button type="submit" class="danger">Deactivate ${what}</button>`
    : html`<button type="submit">Activate ${what}</button>`
}
</form>`;
}

function deleteForm(ctx: ParameterizedContext, app: ResolvedApplication): SafeHtml {
  return html`<form method="post" action="/admin/applications/delete" class="card">
${csrfField(ctx)}
<input type="hidden" name="ids" value="${app.id}">
<h2>Delete this application</h2>
<label for="count">Enter the number of the applications you are deleting</label>
<input type="text" id="count" name="count" inputmode="numeric" autocomplete="off" required>
<button type="submit" class="danger">Delete Application</button>
</form>`;
}

export const showGeneral =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await services.directory.getApplication(appId(ctx));
    panel(
      ctx,
      app,
      'general',
      html`<form method="post" action="/admin/applications/${app.id}/general" enctype="multipart/form-data" class="card">
${csrfField(ctx)}
${generalFields(app)}
<label for="ssoUrl">SSO IdP URL</label>
<input type="text" id="ssoUrl" value="${app.ssoUrl}" readonly>
<p class="hint">The SSO IdP URL can't be changed after the application is created: delete the application and create it again.</p>
<button type="submit">Save</button>
</form>
${deleteForm(ctx, app)}`,
    );
  };

export const saveGeneral = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const input: Record<string, unknown> = {
        displayLabel: text(body, 'displayLabel'),
        description: text(body, 'description'),
        showInConsole: text(body, 'showInConsole') === 'true',
      };
      // A posted SSO IdP URL is refused by the service (sso_url_immutable), as through the API.
      if (body.name !== undefined) input.name = text(body, 'name');
      if (body.ssoUrl !== undefined) input.ssoUrl = text(body, 'ssoUrl');
      const image = await formImage(body);
      if (image !== undefined) input.image = image;
      const app = await services.directory.updateApplication(appId(ctx), input);
      return { to: `/admin/applications/${app.id}`, message: `${app.displayLabel} was saved.` };
    },
    (ctx) => `/admin/applications/${appId(ctx)}`,
  );

async function renderSso(ctx: ParameterizedContext, deps: IdpDeps, body?: FormBody, errors?: FormErrors): Promise<void> {
  const { services, keys, config, clock } = deps;
  const app = await services.directory.getApplication(appId(ctx));
  if (app.kind === 'bookmark') return ctx.redirect(`/admin/applications/${app.id}/bookmark`);
  const now = clock.now();
  panel(
    ctx,
    app,
    'sso',
    html`${ssoForm(body ? draftFromForm(app, body) : app, csrfField(ctx), errors, now)}
${certificatePanel(app, keys.published(), config.baseUrl, now)}
${await singleLogoutCard(ctx, deps, app)}
${metadataImportLink(app.id)}
${activation(ctx, app)}`,
  );
}

export const showSso = formPage(renderSso);

/** A refused save renders the tab again (400) with what was typed and each problem at its field. */
export const saveSso = (deps: IdpDeps): Middleware =>
  formAction(
    async (ctx, body) => {
      // "Encrypt assertion" is checked first, so a refused certificate leaves every setting as it was.
      const encryption = readAssertionEncryptionForm(body);
      if (encryption) await deps.services.assertionEncryption.check(appId(ctx), encryption);
      const app = await deps.services.directory.updateApplication(appId(ctx), readSsoForm(body));
      if (encryption) await deps.services.assertionEncryption.update(app.id, encryption);
      return { to: `/admin/applications/${app.id}/sso`, message: `SSO settings of ${app.displayLabel} were saved.` };
    },
    (ctx, body, errors) => renderSso(ctx, deps, body, errors),
    ssoLabel,
  );

export const showBookmark =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await services.directory.getApplication(appId(ctx));
    if (app.kind !== 'bookmark') return ctx.redirect(`/admin/applications/${app.id}/sso`);
    panel(
      ctx,
      app,
      'bookmark',
      html`<form method="post" action="/admin/applications/${app.id}/bookmark" class="card">
${csrfField(ctx)}
<label for="bookmarkUrl">Bookmark URL</label>
<input type="url" id="bookmarkUrl" name="bookmarkUrl" value="${app.bookmarkUrl ?? ''}" required>
<button type="submit">Save</button>
</form>
${activation(ctx, app)}`,
    );
  };

export const saveBookmark = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const app = await services.directory.updateApplication(appId(ctx), { bookmarkUrl: text(body, 'bookmarkUrl') });
      return { to: `/admin/applications/${app.id}/bookmark`, message: `The bookmark ${app.displayLabel} was saved.` };
    },
    (ctx) => `/admin/applications/${appId(ctx)}/bookmark`,
  );

export const setActive = ({ services }: IdpDeps, active: boolean): Middleware =>
  action(
    async (ctx, body) => {
      if (!active) requireConfirmation(body);
      const app = await services.directory.setApplicationActive(appId(ctx), active);
      const what = app.kind === 'bookmark' ? 'Bookmark' : 'SSO';
      return {
        to: `/admin/applications/${app.id}/${app.kind === 'bookmark' ? 'bookmark' : 'sso'}`,
        message: `${what} ${active ? 'activated' : 'deactivated'} for ${app.displayLabel}.`,
      };
    },
    (ctx) => `/admin/applications/${appId(ctx)}`,
  );

/** "User Groups" tab: tick the groups whose members may launch the application, then save. */
export const showGroups =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await services.directory.getApplication(appId(ctx));
    const groups = (await services.directory.listGroups({ limit: 500, offset: 0 })).items;
    const bound = new Set(app.groupIds);
    panel(
      ctx,
      app,
      'groups',
      html`<form method="post" action="/admin/applications/${app.id}/groups" class="card">
${csrfField(ctx)}
<p class="hint">Users are implicitly denied: only members of the groups ticked here may launch ${app.displayLabel}.</p>
${
  groups.length
    ? html`<table class="stack"><thead><tr><th scope="col">Bound</th><th scope="col">Group</th><th scope="col">Description</th></tr></thead><tbody>${groups.map(
        (g) =>
          html`<tr><td data-label="Bound"><input type="hidden" name="shownIds" value="${g.id}"><input type="checkbox" id="group-${g.id}" name="groupIds" value="${g.id}"${bound.has(g.id) ? html` checked` : ''}></td><td data-label="Group"><label for="group-${g.id}">${g.name}</label></td><td data-label="Description">${g.description}</td></tr>`,
      )}</tbody></table>`
    : html`<p>No group yet. <a href="/admin/groups">Create a user group</a> first.</p>`
}
<input type="hidden" name="submitted" value="1">
<button type="submit">Save</button>
</form>`,
    );
  };

export const saveGroups = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const current = (await services.directory.getApplication(appId(ctx))).groupIds;
      const ids = await services.directory.setApplicationGroups(appId(ctx), checkedAmongShown(current, body, 'groupIds'));
      return { to: `/admin/applications/${appId(ctx)}/groups`, message: `User groups saved: ${ids.length} bound.` };
    },
    (ctx) => `/admin/applications/${appId(ctx)}/groups`,
  );
