// The users' trash: Restore, or Permanently delete after a confirmation that says it cannot be undone.
import { html, type SafeHtml } from '@samlbridge/web';
import { displayNameOf } from '../lms/display-name.js';
import type { LmsUser } from '../store/types.js';
import { settingsTabs } from './layout.js';
import { notice } from './lms-pages.js';

export function trashPage(users: LmsUser[], csrf: string, done?: string): SafeHtml {
  return html`${settingsTabs('trash')}<section class="card">
<h1>Trash</h1>
${notice(done)}
<p class="hint">Deleted users cannot sign in and are hidden from provisioning (SCIM), but their email address stays reserved
(“email is not unique”) until they are permanently deleted.</p>
${
  users.length === 0
    ? html`<p id="trash-empty">The trash is empty.</p>`
    : html`<table class="stack"><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Deleted</th><th scope="col"><span class="visually-hidden">Restore</span></th><th scope="col"><span class="visually-hidden">Permanently delete</span></th></tr></thead>
<tbody>${users.map(
        (u) =>
          html`<tr data-user="${u.login}"><td data-label="Username" class="mono">${u.login}</td><td data-label="Name">${displayNameOf(u)}</td><td data-label="Email">${u.email}</td><td data-label="Deleted">${u.deletedAt?.toISOString() ?? ''}</td><td data-label="Restore"><form method="post" action="/account/users/${String(u.id)}/restore"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">Restore</button></form></td><td data-label="Permanently delete"><a class="button danger" href="/account/users/${String(u.id)}/purge">Permanently delete</a></td></tr>`,
      )}</tbody></table>`
}
</section>`;
}

export function confirmPurgePage(user: LmsUser, csrf: string): SafeHtml {
  return html`<section class="card narrow">
<h1>Permanently delete ${user.login}?</h1>
<p class="alert warn" role="alert">This cannot be undone. The user and their group memberships are erased, and their email address
(${user.email || 'none'}) becomes free for another user.</p>
<form method="post" action="/account/users/${String(user.id)}/purge">
<input type="hidden" name="_csrf" value="${csrf}">
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> I understand that this cannot be undone</label>
<p><button type="submit" class="danger">Permanently delete</button> <a class="button secondary" href="/account/users/trash">Cancel</a></p>
</form>
</section>`;
}
