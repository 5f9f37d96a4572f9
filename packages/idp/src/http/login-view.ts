import { html, type SafeHtml } from '@samlbridge/web';
import type { ResolvedApplication } from '../domain.js';
import { passkeyAuthForm } from './mfa/passkey-views.js';

export interface LoginView {
  csrf: string;
  flowId?: string;
  next?: string;
  app?: ResolvedApplication;
  forceAuthn?: boolean;
  error?: string;
  login?: string;
  /** Offer passkey-only, usernameless sign-in (the admin allows it). */
  passkey?: boolean;
}

export function loginForm(v: LoginView): SafeHtml {
  const heading = v.app ? `Sign in to continue to ${v.app.displayLabel}` : 'Sign in';
  return html`<section class="card narrow">
<h1>${heading}</h1>
${v.forceAuthn ? html`<div class="alert warn">${v.app?.displayLabel ?? 'The application'} asks you to enter your password again, even though you are signed in.</div>` : ''}
${v.error ? html`<div class="alert error" role="alert">${v.error}</div>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${v.csrf}">
${v.flowId ? html`<input type="hidden" name="flow" value="${v.flowId}">` : ''}
${v.next ? html`<input type="hidden" name="next" value="${v.next}">` : ''}
<label for="username">Username or email</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${v.login ?? ''}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
${
  v.passkey
    ? html`<h2>Or without a password</h2>${passkeyAuthForm({ csrf: v.csrf, flowId: v.flowId, next: v.next, action: '/login/passkey', optionsUrl: '/login/passkey/options', button: 'Sign in with a passkey' })}`
    : ''
}
</section>`;
}
