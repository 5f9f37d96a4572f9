// The "Add user" form: values kept after a refusal, one message per field tied to it (aria-describedby).
import { html, type SafeHtml } from '@samlbridge/web';
import type { NewUserForm } from '../lms/add-user.js';
import type { FieldProblem } from '../sso/settings.js';
import { settingsTabs } from './layout.js';

export function addUserPage(csrf: string, values?: Partial<NewUserForm>, problems: FieldProblem[] = []): SafeHtml {
  const v = { login: '', email: '', firstName: '', lastName: '', signIn: 'sso', ...values };
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const field = (name: keyof NewUserForm, label: string, type: string, autocomplete: string) => {
    const message = problem(name);
    return html`<label for="${name}">${label}</label>
<input type="${type}" id="${name}" name="${name}" autocomplete="${autocomplete}"${type === 'password' ? '' : html` value="${String(v[name] ?? '')}"`}${
      message ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''
    }>${message ? html`<p class="field-error" id="${name}-error">${message}</p>` : ''}`;
  };
  return html`${settingsTabs('users')}<section class="card">
<h1>Add user</h1>
${problems.length ? html`<div class="alert error" role="alert">Fix the ${problems.length === 1 ? 'field' : `${String(problems.length)} fields`} marked below.</div>` : ''}
<form method="post" action="/account/users/new">
<input type="hidden" name="_csrf" value="${csrf}">
${field('firstName', 'First name', 'text', 'off')}
${field('lastName', 'Last name', 'text', 'off')}
${field('email', 'Email', 'email', 'off')}
${field('login', 'Username', 'text', 'off')}
<p class="hint">With single sign-on, the username is the TargetedID the identity provider sends.</p>
<fieldset><legend>How this user signs in</legend>
<label class="inline"><input type="radio" name="signIn" value="sso"${v.signIn === 'sso' ? html` checked` : ''}> Single sign-on: the identity provider manages this account (no password here)</label>
<label class="inline"><input type="radio" name="signIn" value="password"${v.signIn === 'password' ? html` checked` : ''}> Password: a local account; single sign-on never signs in as it</label>
</fieldset>
${field('password', 'Password (for a local account)', 'password', 'new-password')}
<button type="submit">Add user</button> <a href="/account/users">Cancel</a>
</form>
</section>`;
}
