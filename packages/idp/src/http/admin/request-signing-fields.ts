// The SSO tab's "Signed AuthnRequests" fieldset: require them, the SP certificate (with its
// SHA-256 fingerprint and validity), allow RSA-SHA1.
import { html, type SafeHtml } from '@samlbridge/web';
import { readSpCertificates } from '../../services/sp-certificates.js';
import type { RequestSigningSettings } from '../../store/types.js';
import type { FormErrors } from './form-errors.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

function certificateList(pem: string, now: Date): SafeHtml | '' {
  const read = readSpCertificates(pem);
  if (!read.ok || read.certificates.length === 0) return '';
  return html`<dl class="kv" id="sp-certificates">${read.certificates.map(
    (c, i) =>
      html`<dt>SP certificate ${String(i + 1)}</dt><dd>${c.subject}<br>SHA-256 <code class="sp-sha256">${c.sha256}</code><br>Valid ${day(c.notBefore)} to ${day(c.notAfter)}${
        c.notAfter < now ? html` <strong class="expired">(expired)</strong>` : ''
      }</dd>`,
  )}</dl>`;
}

export function requestSigningFields(settings: RequestSigningSettings, now: Date, errors?: FormErrors): SafeHtml {
  const checked = (on: boolean) => (on ? html` checked` : '');
  return html`<fieldset id="request-signing"><legend>Signed AuthnRequests</legend>
<label><input type="checkbox" id="requireSignedRequests" name="requireSignedRequests" value="true"${checked(settings.requireSignedRequests)}${errors?.attrs('requireSignedRequests') ?? ''}> Require signed AuthnRequests <span class="hint">(unsigned or badly signed requests get an error page)</span></label>
${errors?.at('requireSignedRequests') ?? ''}
<label for="spCertificatePem">SP certificate <span class="hint">(PEM; paste two to rotate)</span></label>
<textarea id="spCertificatePem" name="spCertificatePem" rows="6"${errors?.attrs('spCertificatePem') ?? ''}>${settings.spCertificatePem}</textarea>
${errors?.at('spCertificatePem') ?? ''}
${certificateList(settings.spCertificatePem, now)}
<label><input type="checkbox" id="allowSha1" name="allowSha1" value="true"${checked(settings.allowSha1)}> Allow RSA-SHA1 request signatures <span class="hint">(legacy; off unless the SP can't do SHA-256)</span></label>
</fieldset>`;
}
