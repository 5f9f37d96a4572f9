// Users: list + create, the user panel (edit, suspend/activate, password, delete).
import { html } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { IdpDeps } from '../deps.js';
import { action, csrfField, renderAdmin, text } from './kit.js';

const userId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');

function userFields(u: { username: string; email: string; firstName: string; lastName: string }) {
  return html`<label for="username">Username</label><input type="text" id="username" name="username" value="${u.username}" required>
<label for="email">Company Email</label><input type="email" id="email" name="email" value="${u.email}" required>
<label for="firstName">First Name</label><input type="text" id="firstName" name="firstName" value="${u.firstName}">
<label for="lastName">Last Name</label><input type="text" id="lastName" name="lastName" value="${u.lastName}">`;
}

export const listUsers =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const users = (await services.directory.listUsers({ limit: 500, offset: 0 })).items;
    renderAdmin(
      ctx,
      'users',
      'Users',
      html`<h1>Users</h1>
<table><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Status</th></tr></thead>
<tbody>${users.map(
        (u) =>
          html`<tr><td><a href="/admin/users/${u.id}">${u.username}</a></td><td>${u.firstName} ${u.lastName}</td><td>${u.email}</td><td>${u.status}</td></tr>`,
      )}</tbody></table>
<form method="post" action="/admin/users" class="card">
${csrfField(ctx)}
<h2>New user</h2>
${userFields({ username: '', email: '', firstName: '', lastName: '' })}
<label for="password">Password <span class="hint">(optional, at least 8 characters)</span></label><input type="password" id="password" name="password" autocomplete="new-password">
<button type="submit">Create user</button>
</form>`,
    );
  };

export const createUser = ({ services }: IdpDeps): Middleware =>
  action(
    async (_ctx, body) => {
      const input: Record<string, string> = {
        username: text(body, 'username'),
        email: text(body, 'email'),
        firstName: text(body, 'firstName'),
        lastName: text(body, 'lastName'),
      };
      if (text(body, 'password')) input.password = text(body, 'password');
      const user = await services.directory.createUser(input as never);
      return { to: `/admin/users/${user.id}`, message: `User ${user.username} was created.` };
    },
    () => '/admin/users',
  );

export const showUser =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const user = await services.directory.getUser(userId(ctx));
    const groups = [];
    for (const gid of await services.directory.listUserGroupIds(user.id)) groups.push(await services.directory.getGroup(gid));
    renderAdmin(
      ctx,
      'users',
      user.username,
      html`<p><a href="/admin/users">← Users</a></p>
<h1>${user.username} <span class="hint">(${user.status})</span></h1>
<form method="post" action="/admin/users/${user.id}" class="card">${csrfField(ctx)}${userFields(user)}<button type="submit">Save</button></form>
<form method="post" action="/admin/users/${user.id}/${user.status === 'active' ? 'suspend' : 'activate'}" class="card">${csrfField(ctx)}
${user.status === 'active' ? html`<button type="submit" class="secondary">Suspend user</button>` : html`<button type="submit">Activate user</button>`}</form>
<form method="post" action="/admin/users/${user.id}/password" class="card">${csrfField(ctx)}
<label for="password">New password</label><input type="password" id="password" name="password" autocomplete="new-password" required minlength="8">
<button type="submit">Set password</button></form>
<div class="card"><h2>User groups</h2>${
        groups.length
          ? html`<ul>${groups.map((g) => html`<li><a href="/admin/groups/${g.id}">${g.name}</a></li>`)}</ul>`
          : html`<p>Not in any group: this user can launch no application.</p>`
      }</div>
<form method="post" action="/admin/users/${user.id}/delete" class="card">${csrfField(ctx)}<button type="submit" class="danger">Delete user</button></form>`,
    );
  };

export const updateUser = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const user = await services.directory.updateUser(userId(ctx), {
        username: text(body, 'username'),
        email: text(body, 'email'),
        firstName: text(body, 'firstName'),
        lastName: text(body, 'lastName'),
      });
      return { to: `/admin/users/${user.id}`, message: `User ${user.username} was saved.` };
    },
    (ctx) => `/admin/users/${userId(ctx)}`,
  );

export const setUserStatus = ({ services }: IdpDeps, status: 'active' | 'suspended'): Middleware =>
  action(
    async (ctx) => {
      const user = await services.directory.setUserStatus(userId(ctx), status);
      return { to: `/admin/users/${user.id}`, message: `User ${user.username} is ${status === 'active' ? 'active again' : 'suspended'}.` };
    },
    (ctx) => `/admin/users/${userId(ctx)}`,
  );

export const setUserPassword = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      await services.directory.setPassword(userId(ctx), { password: text(body, 'password') });
      return { to: `/admin/users/${userId(ctx)}`, message: 'The password was set.' };
    },
    (ctx) => `/admin/users/${userId(ctx)}`,
  );

export const deleteUser = ({ services }: IdpDeps): Middleware =>
  action(
    async (ctx) => {
      const user = await services.directory.getUser(userId(ctx));
      await services.directory.deleteUser(user.id);
      return { to: '/admin/users', message: `User ${user.username} was deleted.` };
    },
    (ctx) => `/admin/users/${userId(ctx)}`,
  );
