// User groups: list + create, the group panel (rename, members, applications, delete).

import { html } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';
import { type FormErrors, formAction, labeller } from './form-errors.js';
import { action, deleteAction, formPage } from './kit/form-action.js';
import { checkedAmongShown, type FormBody, text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';
import { listQuery, loadPage, pager, searchForm } from './kit/list-page.js';

const groupId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');

export const listGroups =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const query = listQuery(ctx);
    const { result, page } = await loadPage(query, (options) => services.directory.listGroups(options));
    const groups = result.items;
    renderAdmin(
      ctx,
      'groups',
      'User Groups',
      html`<h1>User Groups</h1>
${searchForm('/admin/groups', query.q, 'Search by name')}
${pager('/admin/groups', query.q, page, result, 'group')}
${
  groups.length
    ? html`<table class="stack"><thead><tr><th scope="col">Name</th><th scope="col">Description</th></tr></thead>
<tbody>${groups.map((g) => html`<tr><td data-label="Name"><a href="/admin/groups/${g.id}">${g.name}</a></td><td data-label="Description">${g.description}</td></tr>`)}</tbody></table>`
    : ''
}
<form method="post" action="/admin/groups" class="card">${csrfField(ctx)}
<h2>New group</h2>
<label for="name">Name</label><input type="text" id="name" name="name" required>
<label for="description">Description</label><input type="text" id="description" name="description">
<button type="submit">Create group</button></form>`,
    );
  };

export const createGroup = ({ services }: IdpDeps): Middleware =>
  action(
    async (_ctx, body) => {
      const g = await services.directory.createGroup({ name: text(body, 'name'), description: text(body, 'description') });
      return { to: `/admin/groups/${g.id}`, message: `Group ${g.name} was created.` };
    },
    () => '/admin/groups',
  );

/** The group panel; `errors` (with the typed `login`) when adding a member was refused. */
async function renderGroup(ctx: ParameterizedContext, { services }: IdpDeps, body?: FormBody, errors?: FormErrors): Promise<void> {
  const d = services.directory;
  const group = await d.getGroup(groupId(ctx));
  const members = await d.listGroupMembers(group.id);
  const apps = (await d.listApplications({ limit: 500, offset: 0 })).items;
  const bound = new Set(await d.listGroupApplicationIds(group.id));
  renderAdmin(
    ctx,
    'groups',
    group.name,
    html`<p><a href="/admin/groups">← User Groups</a></p>
<h1>${group.name}</h1>
<form method="post" action="/admin/groups/${group.id}" class="card">${csrfField(ctx)}
<label for="name">Name</label><input type="text" id="name" name="name" value="${group.name}" required>
<label for="description">Description</label><input type="text" id="description" name="description" value="${group.description}">
<button type="submit">Save</button></form>
<div class="card"><h2>Users</h2>
${
  members.length
    ? html`<table><tbody>${members.map(
        (m) =>
          html`<tr><td><a href="/admin/users/${m.id}">${m.username}</a></td><td><form method="post" action="/admin/groups/${group.id}/members/${m.id}/remove" class="inline">${csrfField(ctx)}<button type="submit" class="secondary">Remove</button></form></td></tr>`,
      )}</tbody></table>`
    : html`<p>No member yet.</p>`
}
<form method="post" action="/admin/groups/${group.id}/members">${csrfField(ctx)}
<label for="login">Add a member <span class="hint">(username or email)</span></label>
<input type="text" id="login" name="login" value="${body ? text(body, 'login') : ''}" required maxlength="320" autocomplete="off"${errors?.attrs('login') ?? ''}>
${errors?.at('login') ?? ''}
<button type="submit">Add member</button></form></div>
<form method="post" action="/admin/groups/${group.id}/applications" class="card">${csrfField(ctx)}
<h2>Applications</h2><p class="hint">Members of ${group.name} may launch the applications ticked here.</p>
${apps.map(
  (a) =>
    html`<label><input type="hidden" name="shownIds" value="${a.id}"><input type="checkbox" name="applicationIds" value="${a.id}"${bound.has(a.id) ? html` checked` : ''}> ${a.displayLabel}</label>`,
)}
<input type="hidden" name="submitted" value="1">
<button type="submit">Save</button></form>
<form method="post" action="/admin/groups/${group.id}/delete" class="card">${csrfField(ctx)}<button type="submit" class="danger">Delete group</button></form>`,
  );
}

export const showGroup = formPage(renderGroup);

export const renameGroup = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const g = await services.directory.updateGroup(groupId(ctx), { name: text(body, 'name'), description: text(body, 'description') });
      return { to: `/admin/groups/${g.id}`, message: `Group ${g.name} was saved.` };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
  );

export const deleteGroup = ({ services: { directory } }: IdpDeps): Middleware =>
  deleteAction({
    list: '/admin/groups',
    idOf: groupId,
    load: (id) => directory.getGroup(id),
    remove: (id) => directory.deleteGroup(id),
    label: (g) => `Group ${g.name}`,
  });

const memberLabel = labeller({ login: 'Username or email' });

const refuse = (message: string) => adminError('validation_failed', message, { details: [{ field: 'login', message }] });

/** Adds the user named by username or email; an unknown (or already added) one re-shows the panel with the problem at the field. */
export const addMember = (deps: IdpDeps): Middleware =>
  formAction(
    async (ctx, body) => {
      const d = deps.services.directory;
      const group = await d.getGroup(groupId(ctx));
      const login = text(body, 'login').trim();
      if (!login) throw refuse('enter the username or email of the user to add.');
      const uid = await d.findUserIdByLogin(login);
      if (!uid) throw refuse(`no user has the username or email "${login}".`);
      const user = await d.getUser(uid);
      if (group.memberIds.includes(uid)) throw refuse(`${user.username} is already a member of this group.`);
      await d.addMember(group.id, uid);
      return { to: `/admin/groups/${group.id}`, message: `${user.username} was added to the group.` };
    },
    (ctx, body, errors) => renderGroup(ctx, deps, body, errors),
    memberLabel,
  );

export const removeMember = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx) => {
      await services.directory.removeMember(groupId(ctx), String(ctx.params.userId));
      return { to: `/admin/groups/${groupId(ctx)}`, message: 'The user was removed from the group.' };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
  );

export const saveGroupApplications = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const current = await services.directory.listGroupApplicationIds(groupId(ctx));
      const ids = await services.directory.setGroupApplications(groupId(ctx), checkedAmongShown(current, body, 'applicationIds'));
      return { to: `/admin/groups/${groupId(ctx)}`, message: `Applications saved: ${ids.length} bound.` };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
  );
