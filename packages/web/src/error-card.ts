// The card of both apps' HTML error pages: the title, the sentence a person can act on, then what each app adds
// (the reason code, a way forward). An error not meant for people (`expose` false) says only that it was ours.
import type { SamlbridgeError } from '@samlbridge/errors';
import { html, type SafeHtml } from './html.js';
import { WEB_ERRORS } from './web-errors.js';

export function errorCard(title: string, err: SamlbridgeError, more: SafeHtml): SafeHtml {
  const message = err.expose ? err.message : WEB_ERRORS.internal_error.message;
  return html`<section class="card narrow">
<h1>${title}</h1>
<div class="alert error" role="alert">${message}</div>
${more}</section>`;
}
