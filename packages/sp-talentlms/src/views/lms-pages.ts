// The LMS pages people see: sign-in, the user's home page, the admin's users list.
import { html, type SafeHtml } from '@samlbridge/web';
import type { LmsUser } from '../store/types.js';

export function signInPage(o: { csrf: string; error?: string; login?: string; returnPath?: string; ssoConfigured: boolean }): SafeHtml {
  const ssoHref = `/index/ssologin/service:saml${o.returnPath ? `?RelayState=${encodeURIComponent(o.returnPath)}` : ''}`;
  return html`<section class="card narrow">
<h1>Sign in</h1>
${o.error ? html`<p class="alert error" role="alert">${o.error}</p>` : ''}
${o.ssoConfigured ? html`<p><a class="button" href="${ssoHref}" id="sso-link">Sign in with SSO</a></p><p class="hint">or with a username and password:</p>` : html`<p class="hint"><a href="${ssoHref}" id="sso-link">Sign in with SSO</a> (not set up yet)</p>`}
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

export function dashboardPage(user: LmsUser, via: 'sso' | 'password'): SafeHtml {
  const name = `${user.firstName} ${user.lastName}`.trim() || user.login;
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
<form method="post" action="/index/logout"><button type="submit" class="secondary">Sign out</button></form>
</section>`;
}

export function usersPage(users: LmsUser[]): SafeHtml {
  return html`<section class="card">
<h1>Users</h1>
<table><thead><tr><th>Username</th><th>Name</th><th>Email</th><th>Type</th><th>Created via</th><th>Status</th><th>Last sign-in</th></tr></thead>
<tbody>${users.map(
    (u) =>
      html`<tr><td class="mono">${u.login}</td><td>${u.firstName} ${u.lastName}</td><td>${u.email}</td><td>${u.role === 'superadmin' ? 'Super Admin' : 'Learner'}</td><td>${u.createdVia === 'sso' ? 'SSO' : 'Local'}</td><td>${u.active ? 'Active' : 'Inactive'}</td><td>${u.lastLoginAt?.toISOString() ?? '—'}</td></tr>`,
  )}</tbody></table>
</section>`;
}
