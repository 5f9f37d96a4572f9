// Users: list + create, the user panel (edit, suspend/activate, password, delete).
import { html } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { IdpDeps } from '../deps.js';
import { type FormErrors, formAction, labeller } from './form-errors.js';
import { invitationCard } from './invitations.js';
import { confirmField, requireConfirmation } from './kit/confirm.js';
import { action, deleteAction, formPage } from './kit/form-action.js';
import { type FormBody, text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';
import { listQuery, loadPage, pager, searchForm } from './kit/list-page.js';
import { endSessionsCard } from './user-sessions.js';

const userId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');

type UserDraft = { username: string; email: string; firstName: string; lastName: string };

const LABELS = { username: 'Username', email: 'Company Email', firstName: 'First Name', lastName: 'Last Name', password: 'Password' };
const userLabel = labeller(LABELS);

function userFields(u: UserDraft, errors?: FormErrors) {
  const field = (name: keyof UserDraft, type: string, required: boolean) =>
    html`<label for="${name}">${LABELS[name]}</label><input type="${type}" id="${name}" name="${name}" value="${u[name]}"${required ? html` required` : ''}${errors?.attrs(name) ?? ''}>${errors?.at(name) ?? ''}`;
  return html`${field('username', 'text', true)}
${field('email', 'email', true)}
${field('firstName', 'text', false)}
${field('lastName', 'text', false)}`;
}

const draftOf = (body: FormBody): UserDraft => ({
  username: text(body, 'username'),
  email: text(body, 'email'),
  firstName: text(body, 'firstName'),
  lastName: text(body, 'lastName'),
});

async function renderUsers(ctx: ParameterizedContext, { services }: IdpDeps, body?: FormBody, errors?: FormErrors): Promise<void> {
  const query = listQuery(ctx);
  const { result, page } = await loadPage(query, (options) => services.directory.listUsers(options));
  const users = result.items;
  renderAdmin(
    ctx,
    'users',
    'Users',
    html`<h1>Users</h1>
${searchForm('/admin/users', query.q, 'Search by username, email or name')}
${pager('/admin/users', query.q, page, result, 'user')}
${
  users.length
    ? html`<table class="stack"><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Status</th></tr></thead>
<tbody>${users.map(
        (u) =>
          html`<tr><td data-label="Username"><a href="/admin/users/${u.id}">${u.username}</a></td><td data-label="Name">${u.firstName} ${u.lastName}</td><td data-label="Email">${u.email}</td><td data-label="Status">${u.status}</td></tr>`,
      )}</tbody></table>`
    : ''
}
<form method="post" action="/admin/users" class="card">
${csrfField(ctx)}
<h2>New user</h2>
${errors ? errors.banner() : ''}
${userFields(body ? draftOf(body) : { username: '', email: '', firstName: '', lastName: '' }, errors)}
<label for="password">Password <span class="hint">(optional, at least 8 characters)</span></label><input type="password" id="password" name="password" autocomplete="new-password"${errors?.attrs('password') ?? ''}>
${errors?.at('password') ?? ''}
<button type="submit">Create user</button>
</form>`,
  );
}

export const listUsers = formPage(renderUsers);

/** A refused create renders the list again (400) with what was typed (not the password) and the problems. */
export const createUser = (deps: IdpDeps): Middleware =>
  formAction(
    async (_ctx, body) => {
      const input: Record<string, string> = { ...draftOf(body) };
      if (text(body, 'password')) input.password = text(body, 'password');
      const user = await deps.services.directory.createUser(input as never);
      const warning = await deps.services.directory.lookalikeWarning(user.username, user.id);
      const message = `User ${user.username} was created.`;
      return { to: `/admin/users/${user.id}`, ...(warning ? { message: `${message} ${warning}`, kind: 'warn' as const } : { message }) };
    },
    (ctx, body, errors) => renderUsers(ctx, deps, body, errors),
    userLabel,
  );

async function renderUser(ctx: ParameterizedContext, deps: IdpDeps, body?: FormBody, errors?: FormErrors): Promise<void> {
  const { services } = deps;
  const user = await services.directory.getUser(userId(ctx));
  const invitation = user.status === 'active' ? await invitationCard(ctx, deps, user.id) : '';
  const groups = [];
  for (const gid of await services.directory.listUserGroupIds(user.id)) groups.push(await services.directory.getGroup(gid));
  renderAdmin(
    ctx,
    'users',
    user.username,
    html`<p><a href="/admin/users">← Users</a></p>
<h1>${user.username} <span class="hint">(${user.status})</span></h1>
<form method="post" action="/admin/users/${user.id}" class="card">${csrfField(ctx)}${errors ? errors.banner() : ''}${userFields(body ? draftOf(body) : user, errors)}<button type="submit">Save</button></form>
<form method="post" action="/admin/users/${user.id}/${user.status === 'active' ? 'suspend' : 'activate'}" class="card">${csrfField(ctx)}
${
  user.status === 'active'
    ? html`<h2>Suspend user</h2>${confirmField(
        'confirm-suspend',
        `I understand: ${user.username} can no longer sign in here or launch any application until the account is activated again. Their groups and settings are kept.`,
      )}<button type="submit" class="danger">Suspend user</button>`
    : html`<button type="submit">Activate user</button>`
}</form>
${endSessionsCard(ctx, user.id)}
<p class="card"><a href="/admin/users/${user.id}/mfa">Multi-factor sign-in: factors, require MFA, reset</a></p>
<form method="post" action="/admin/users/${user.id}/password" class="card">${csrfField(ctx)}
<label for="password">New password</label><input type="password" id="password" name="password" autocomplete="new-password" required minlength="8">
<button type="submit">Set password</button></form>
${invitation}
<div class="card"><h2>User groups</h2>${
      groups.length
        ? html`<ul>${groups.map((g) => html`<li><a href="/admin/groups/${g.id}">${g.name}</a></li>`)}</ul>`
        : html`<p>Not in any group: this user can launch no application.</p>`
    }</div>
<form method="post" action="/admin/users/${user.id}/delete" class="card">${csrfField(ctx)}<button type="submit" class="danger">Delete user</button></form>`,
  );
}

export const showUser = formPage(renderUser);

export const updateUser = (deps: IdpDeps): Middleware =>
  formAction(
    async (ctx, body) => {
      const user = await deps.services.directory.updateUser(userId(ctx), draftOf(body));
      const warning = await deps.services.directory.lookalikeWarning(user.username, user.id);
      const message = `User ${user.username} was saved.`;
      return { to: `/admin/users/${user.id}`, ...(warning ? { message: `${message} ${warning}`, kind: 'warn' as const } : { message }) };
    },
    (ctx, body, errors) => renderUser(ctx, deps, body, errors),
    userLabel,
  );

export const setUserStatus = ({ services }: IdpDeps, status: 'active' | 'suspended'): Middleware =>
  action(
    async (ctx, body) => {
      if (status === 'suspended') requireConfirmation(body);
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

export const deleteUser = ({ services: { directory } }: IdpDeps): Middleware =>
  deleteAction({
    list: '/admin/users',
    idOf: userId,
    load: (id) => directory.getUser(id),
    remove: (id) => directory.deleteUser(id),
    label: (user) => `User ${user.username}`,
  });
