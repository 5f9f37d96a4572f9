// Invitations in the admin portal: "Create invitation link" on a user's page, "Create invitation links" for the users
// an import just created (Identity Management tab), and the page that shows the new links ONCE (post/redirect/get:
// the links wait in the admin session until that page shows them), each with a copy button. No email is sent.
import type { Router } from '@koa/router';
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { ImportResult } from '../../provisioning/importer.js';
import type { CreatedInvitation } from '../../services/invitations.js';
import type { IdpDeps } from '../deps.js';
import { invitationService } from '../invitation-page.js';
import { currentAdmin } from './kit/admin-session.js';
import { flash, seeOther } from './kit/flash.js';
import { type FormBody, form, list } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';

const CREATED = 'invitationsCreated';
const LAST_IMPORT = 'lastImportedUsers';
export const CREATED_PATH = '/admin/invitations/created';
/** At most this many links at once (one page the admin can read and copy from). */
const MAX_BULK = 100;

type Shown = { userId: string; username: string; url: string; expiresAt: string };

const NO_EMAIL =
  'No email is sent: give each person their link yourself (chat, a message, in person). A link works once, and a new invitation for the same user replaces it.';

/** The users an import just created, kept in the admin session for the "invite them" card of the Identity Management tab. */
export function rememberImported(ctx: ParameterizedContext, results: readonly ImportResult[]): void {
  const users = results
    .filter((r) => r.outcome === 'imported' && r.userId)
    .map((r) => ({ id: r.userId as string, name: r.userName ?? r.remoteId }));
  if (users.length) ctx.state.session.set(LAST_IMPORT, users);
}

/** The Identity Management tab's card after an import: one button creating a link for each user just imported. */
export function importedInvitationCard(ctx: ParameterizedContext): SafeHtml | string {
  const users = ctx.state.session.get<{ id: string; name: string }[]>(LAST_IMPORT);
  if (!users?.length) return '';
  return html`<form method="post" action="/admin/invitations" class="card" id="invite-imported">${csrfField(ctx)}
<h2>Invite the users you just imported</h2>
<p>They have no password here yet. Create a single-use set-password link for each of them: ${users.map((u) => u.name).join(', ')}.</p>
${users.map((u) => html`<input type="hidden" name="userIds" value="${u.id}">`)}
<p class="hint">${NO_EMAIL}</p>
<button type="submit">Create invitation links for ${users.length === 1 ? '1 user' : `${users.length} users`}</button>
</form>`;
}

/** A user's page: invite (no password yet), or a new link (voids the open one). */
export async function invitationCard(ctx: ParameterizedContext, deps: IdpDeps, userId: string): Promise<SafeHtml> {
  const record = await deps.store.users.get(userId);
  const open = await deps.store.invitations.findForUser(userId, deps.clock.now());
  const state = open
    ? html`An invitation link is open until <time datetime="${open.expiresAt.toISOString()}">${open.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC</time>; a new one replaces it.`
    : record?.passwordHash
      ? html`This user has a password. An invitation lets them choose a new one.`
      : html`<strong>This user has no password yet</strong> (imported, or created without one), so they cannot sign in. Send them an invitation.`;
  return html`<form method="post" action="/admin/users/${userId}/invitation" class="card" id="invitation-card">${csrfField(ctx)}
<h2>Invitation</h2>
<p>${state}</p>
<p class="hint">${NO_EMAIL} It works for ${deps.config.invitationTtlHours} hours.</p>
<button type="submit"${record?.passwordHash ? html` class="secondary"` : ''}>Create invitation link</button></form>`;
}

function createdPage(ctx: ParameterizedContext, shown: Shown[] | undefined): void {
  if (!shown) {
    renderAdmin(
      ctx,
      'users',
      'Invitation links already shown',
      html`<h1>Invitation links already shown</h1>
<p class="alert warn" role="status" id="invitations-gone">The links were shown once, when they were created, and cannot be shown again: only a hash of each is kept.</p>
<p>If a person did not get theirs, create a new invitation on their page in <a href="/admin/users">Users</a> (the old link stops working).</p>`,
    );
    return;
  }
  renderAdmin(
    ctx,
    'users',
    shown.length === 1 ? 'Invitation link' : 'Invitation links',
    html`<h1>${shown.length === 1 ? `Invitation link for ${shown[0]?.username}` : `${shown.length} invitation links`}</h1>
<div class="alert warn" role="status"><p><strong>Copy ${shown.length === 1 ? 'this link' : 'these links'} now: you will not see ${shown.length === 1 ? 'it' : 'them'} again.</strong> ${NO_EMAIL}</p></div>
<table class="stack" id="invitation-links"><thead><tr><th scope="col">User</th><th scope="col">Set-password link</th><th scope="col">Works until</th></tr></thead>
<tbody>${shown.map(
      (s) =>
        html`<tr data-user="${s.username}"><td data-label="User"><a href="/admin/users/${s.userId}">${s.username}</a></td><td data-label="Set-password link"><span class="mono" data-copy="the link for ${s.username}" data-invitation-url>${s.url}</span></td><td data-label="Works until"><time datetime="${s.expiresAt}">${s.expiresAt.replace('T', ' ').slice(0, 16)} UTC</time></td></tr>`,
    )}</tbody></table>
<p><a class="button secondary" href="/admin/users">Done: back to Users</a></p>`,
  );
}

async function createAndShow(ctx: ParameterizedContext, deps: IdpDeps, userIds: string[], back: string): Promise<void> {
  const unique = [...new Set(userIds)].slice(0, MAX_BULK);
  if (unique.length === 0) {
    flash(ctx, 'error', 'Select at least one user to invite.');
    return seeOther(ctx, back);
  }
  const service = invitationService(deps);
  const initiator = `admin:${currentAdmin(ctx).email}`;
  const created: CreatedInvitation[] = [];
  const refused: string[] = [];
  for (const id of unique) {
    try {
      created.push(await service.create(id, initiator));
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status >= 500) throw err;
      refused.push((err as Error).message);
    }
  }
  if (created.length === 0) {
    flash(ctx, 'error', refused.join(' '));
    return seeOther(ctx, back);
  }
  ctx.state.session.set(
    CREATED,
    created.map((c) => ({ userId: c.userId, username: c.username, url: c.url, expiresAt: c.expiresAt.toISOString() })),
  );
  if (userIds.length > 1) ctx.state.session.delete(LAST_IMPORT);
  if (refused.length) flash(ctx, 'warn', `Not invited: ${refused.join(' ')}`);
  seeOther(ctx, CREATED_PATH);
}

/** Registers the portal's invitation routes (`admin`: requireAdmin; `post`: form + CSRF + admin + audit). */
export function invitationPortalRoutes(router: Router, deps: IdpDeps, admin: Middleware, post: Middleware[]): void {
  router.post('/users/:id/invitation', ...post, (ctx) =>
    createAndShow(ctx, deps, [String(ctx.params.id)], `/admin/users/${ctx.params.id}`),
  );
  router.post('/invitations', ...post, (ctx) => createAndShow(ctx, deps, list(form(ctx) as FormBody, 'userIds'), '/admin/users'));
  router.get('/invitations/created', admin, (ctx) => {
    const shown = ctx.state.session.get<Shown[]>(CREATED);
    ctx.state.session.delete(CREATED);
    createdPage(ctx, shown);
  });
}
