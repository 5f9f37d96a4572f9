// The passkey forms (no inline script: /assets/passkey.js runs the ceremony, then submits the form with the
// credential in its hidden field). Without JavaScript the form posts an empty credential and the page says why.
import { html, type SafeHtml } from '@samlbridge/web';
import type { StepHidden } from './views.js';

export const PASSKEY_SCRIPT = '/assets/passkey.js';

const script = html`<script src="${PASSKEY_SCRIPT}" defer></script>`;

function hidden(h: StepHidden): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${h.csrf}">
${h.flowId ? html`<input type="hidden" name="flow" value="${h.flowId}">` : ''}${h.next ? html`<input type="hidden" name="next" value="${h.next}">` : ''}
<input type="hidden" name="credential" value="">`;
}

const errorBox = html`<div class="alert error" role="alert" data-passkey-error hidden></div>`;

/** "Use a passkey": a second factor, a step-up, or (login page) a usernameless sign-in. */
export function passkeyAuthForm(v: StepHidden & { action: string; optionsUrl: string; button: string; intro?: string }): SafeHtml {
  return html`<form method="post" action="${v.action}" data-passkey="authenticate" data-options-url="${v.optionsUrl}" class="passkey">
${hidden(v)}
<input type="hidden" name="step" value="passkey">
${v.intro ? html`<p>${v.intro}</p>` : ''}
${errorBox}
<button type="submit">${v.button}</button>
</form>
${script}`;
}

/** "Add a passkey": a name, then the browser's own dialog. */
export function passkeyRegisterForm(v: StepHidden & { action: string; optionsUrl: string; step?: string }): SafeHtml {
  return html`<form method="post" action="${v.action}" data-passkey="register" data-options-url="${v.optionsUrl}" class="passkey">
${hidden(v)}
${v.step ? html`<input type="hidden" name="step" value="${v.step}">` : ''}
<label for="passkey-name">Name of the new passkey</label>
<input type="text" id="passkey-name" name="name" maxlength="100" required placeholder="For example: work laptop">
${errorBox}
<button type="submit">Add a passkey</button>
</form>
${script}`;
}
