// User groups: list + create, the group panel (rename, members, applications, delete).
import { SamlbridgeError } from '@samlbridge/protocol';
import { html } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { IdpDeps } from '../deps.js';
import { action, csrfField, list, renderAdmin, text } from './kit.js';

const groupId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');

export const listGroups =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const groups = (await services.directory.listGroups({ limit: 500, offset: 0 })).items;
    renderAdmin(
      ctx,
      'groups',
      'User Groups',
      html`<h1>User Groups</h1>
<table><thead><tr><th scope="col">Name</th><th scope="col">Description</th></tr></thead>
<tbody>${groups.map((g) => html`<tr><td><a href="/admin/groups/${g.id}">${g.name}</a></td><td>${g.description}</td></tr>`)}</tbody></table>
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

export const showGroup =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const d = services.directory;
    const group = await d.getGroup(groupId(ctx));
    const members = await d.listGroupMembers(group.id);
    const memberIds = new Set(members.map((m) => m.id));
    const candidates = (await d.listUsers({ limit: 500, offset: 0 })).items.filter((u) => !memberIds.has(u.id));
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
${
  candidates.length
    ? html`<form method="post" action="/admin/groups/${group.id}/members">${csrfField(ctx)}
<label for="userId">Add a user</label><select id="userId" name="userId">${candidates.map((u) => html`<option value="${u.id}">${u.username}</option>`)}</select>
<button type="submit">Add to group</button></form>`
    : ''
}</div>
<form method="post" action="/admin/groups/${group.id}/applications" class="card">${csrfField(ctx)}
<h2>Applications</h2><p class="hint">Members of ${group.name} may launch the applications ticked here.</p>
${apps.map(
  (a) =>
    html`<label><input type="checkbox" name="applicationIds" value="${a.id}"${bound.has(a.id) ? html` checked` : ''}> ${a.displayLabel}</label>`,
)}
<input type="hidden" name="submitted" value="1">
<button type="submit">Save</button></form>
<form method="post" action="/admin/groups/${group.id}/delete" class="card">${csrfField(ctx)}<button type="submit" class="danger">Delete group</button></form>`,
    );
  };

export const renameGroup = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const g = await services.directory.updateGroup(groupId(ctx), { name: text(body, 'name'), description: text(body, 'description') });
      return { to: `/admin/groups/${g.id}`, message: `Group ${g.name} was saved.` };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
  );

export const deleteGroup = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx) => {
      const g = await services.directory.getGroup(groupId(ctx));
      await services.directory.deleteGroup(g.id);
      return { to: '/admin/groups', message: `Group ${g.name} was deleted.` };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
  );

export const addMember = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const uid = text(body, 'userId');
      if (!uid) throw new SamlbridgeError('validation_failed', 'Choose a user to add.', { status: 400 });
      await services.directory.addMember(groupId(ctx), uid);
      const user = await services.directory.getUser(uid);
      return { to: `/admin/groups/${groupId(ctx)}`, message: `${user.username} was added to the group.` };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
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
      const ids = await services.directory.setGroupApplications(groupId(ctx), list(body, 'applicationIds'));
      return { to: `/admin/groups/${groupId(ctx)}`, message: `Applications saved: ${ids.length} bound.` };
    },
    (ctx) => `/admin/groups/${groupId(ctx)}`,
  );
