// The LMS pages people see: sign-in, the user's home page, the admin's users list.
import { html, type SafeHtml } from '@samlbridge/web';
import { displayNameOf } from '../lms/display-name.js';
import type { LmsUser } from '../store/types.js';
import { settingsTabs } from './layout.js';

export function signInPage(o: {
  csrf: string;
  error?: string;
  login?: string;
  returnPath?: string;
  ssoConfigured: boolean;
  /** SSO integration type None: no "Sign in with SSO" at all, only the password form. */
  ssoOff?: boolean;
  /** The session this browser had has ended (expired, or Single Logout): say so. */
  sessionEnded?: boolean;
}): SafeHtml {
  const ssoHref = `/index/ssologin/service:saml${o.returnPath ? `?RelayState=${encodeURIComponent(o.returnPath)}` : ''}`;
  return html`<section class="card narrow">
<h1>Sign in</h1>
${o.error ? html`<p class="alert error" role="alert">${o.error}</p>` : ''}
${o.sessionEnded && !o.error ? html`<p class="alert warn" role="status" id="session-ended">Your session expired (or you were signed out elsewhere). Sign in again to continue${o.returnPath ? ' where you were' : ''}.</p>` : ''}
${o.ssoOff ? '' : o.ssoConfigured ? html`<p><a class="button" href="${ssoHref}" id="sso-link">Sign in with SSO</a></p><p class="hint">or with a username and password:</p>` : html`<p class="hint"><a href="${ssoHref}" id="sso-link">Sign in with SSO</a> (not set up yet)</p>`}
<form method="post" action="/index/login">
<input type="hidden" name="_csrf" value="${o.csrf}">
${o.returnPath ? html`<input type="hidden" name="return" value="${o.returnPath}">` : ''}
<label for="login">Username</label>
<input id="login" name="login" type="text" autocomplete="username" value="${o.login ?? ''}" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p>
</form>
</section>`;
}

export function dashboardPage(user: LmsUser, via: 'sso' | 'password', _csrf?: string): SafeHtml {
  const name = displayNameOf(user);
  return html`<section class="card">
<h1>Welcome, ${name}</h1>
<p class="alert ok" id="signed-in-via" data-via="${via}">You are signed in as <strong>${user.login}</strong> ${via === 'sso' ? 'with single sign-on (SSO)' : 'with your password'}.</p>
<dl class="kv">
<dt>Username</dt><dd>${user.login}</dd>
<dt>Email</dt><dd>${user.email || '—'}</dd>
<dt>First name</dt><dd>${user.firstName || '—'}</dd>
<dt>Last name</dt><dd>${user.lastName || '—'}</dd>
<dt>User type</dt><dd>${user.role === 'superadmin' ? 'Super Admin' : 'Learner'}</dd>
</dl>
${user.role === 'superadmin' ? html`<p><a class="button secondary" href="/account/users/sso">Account &amp; Settings → Users → Single Sign-On (SSO)</a></p>` : ''}
</section>`;
}

const NOTICES: Record<string, string> = {
  added: 'The user was added.',
  deleted: 'The user was moved to the trash. Their email address stays reserved until they are permanently deleted.',
  restored: 'The user was restored.',
  purged: 'The user was permanently deleted. Their email address can be used again.',
};

export function notice(done: string | undefined): SafeHtml {
  const text = done ? NOTICES[done] : undefined;
  return text ? html`<p class="alert ok" role="status" data-notice="${done}">${text}</p>` : html``;
}

export function usersPage(users: LmsUser[], csrf: string, done?: string): SafeHtml {
  return html`${settingsTabs('users')}<section class="card">
<h1>Users</h1>
${notice(done)}
<p><a class="button" href="/account/users/new">Add user</a></p>
<table class="stack"><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Type</th><th scope="col">Created via</th><th scope="col">Status</th><th scope="col">Last sign-in</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${users.map(
    (u) =>
      html`<tr data-user="${u.login}"><td data-label="Username" class="mono">${u.login}</td><td data-label="Name">${displayNameOf(u)}</td><td data-label="Email">${u.email}</td><td data-label="Type">${u.role === 'superadmin' ? 'Super Admin' : (u.userType ?? 'Learner')}</td><td data-label="Created via">${u.createdVia === 'sso' ? 'SSO' : u.createdVia === 'scim' ? 'SCIM' : 'Local'}</td><td data-label="Status">${u.active ? 'Active' : 'Inactive'}</td><td data-label="Last sign-in">${u.lastLoginAt ? u.lastLoginAt.toISOString().replace('T', ' ').slice(0, 16) : '—'}</td><td>${
        u.role === 'superadmin'
          ? ''
          : html`<form method="post" action="/account/users/${String(u.id)}/delete"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="danger" aria-label="Delete ${u.login}">Delete</button></form>`
      }</td></tr>`,
  )}</tbody></table>
</section>`;
}
