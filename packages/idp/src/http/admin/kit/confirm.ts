// Destructive portal actions (Deactivate SSO, Suspend user, Deactivate IdM connection, Delete integration)
// ask for a confirmation that says what the action does: a required checkbox in the same form, so it works
// without JavaScript; the server refuses the action without it (confirmation_required, flashed back).
import { html, type SafeHtml } from '@samlbridge/web';
import { adminError } from '../../../admin-errors.js';
import { type FormBody, text } from './form-body.js';

/** The required "I understand" checkbox, named `confirm`, whose label is the sentence saying what happens. */
export function confirmField(id: string, consequence: string): SafeHtml {
  return html`<label class="confirm" for="${id}"><input type="checkbox" id="${id}" name="confirm" value="yes" required> ${consequence}</label>`;
}

/** Throws confirmation_required unless the form's `confirm` box was ticked. */
export function requireConfirmation(body: FormBody): void {
  if (text(body, 'confirm') !== 'yes') throw adminError('confirmation_required');
}
