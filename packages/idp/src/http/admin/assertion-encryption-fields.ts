// The SSO tab's "Encrypt assertion" fieldset (saml-core §2.3.4, xmlenc-core1): the switch, the SP's encryption
// certificate (with its fingerprint and validity), the block cipher (AES-GCM; CBC only for old SPs) and the RSA-OAEP
// key transport. Saved through services/assertion-encryption.ts, like PUT /api/applications/{id}/assertion-encryption.
import { html, type SafeHtml } from '@samlbridge/web';
import { readSpCertificates } from '../../services/sp-certificates.js';
import type { AssertionEncryptionSettings } from '../../store/assertion-encryption.js';
import type { FormErrors } from './form-errors.js';
import { type FormBody, text } from './kit/form-body.js';

export const ASSERTION_ENCRYPTION_LABELS: Record<string, string> = {
  encryptAssertion: 'Encrypt assertion',
  spEncryptionCertificatePem: 'SP encryption certificate',
  blockEncryption: 'Block encryption',
  keyTransport: 'Key transport',
};

const BLOCK_OPTIONS = [
  ['aes256-gcm', 'AES-256-GCM (default)'],
  ['aes128-gcm', 'AES-128-GCM'],
  ['aes256-cbc', 'AES-256-CBC (for old SPs)'],
  ['aes128-cbc', 'AES-128-CBC (for old SPs)'],
] as const;

const TRANSPORT_OPTIONS = [
  ['rsa-oaep-mgf1p', 'RSA-OAEP (SHA-1 digest, every SP)'],
  ['rsa-oaep-sha256', 'RSA-OAEP with SHA-256 (xmlenc 1.1)'],
] as const;

const day = (d: Date) => d.toISOString().slice(0, 10);

function certificateFacts(pem: string, now: Date): SafeHtml | '' {
  const read = readSpCertificates(pem);
  if (!read.ok || read.certificates.length !== 1) return '';
  const c = read.certificates[0];
  if (!c) return '';
  return html`<p class="hint" id="sp-encryption-certificate">${c.subject} · SHA-256 <code>${c.sha256}</code> · valid ${day(c.notBefore)} to ${day(c.notAfter)}${
    c.notAfter < now ? html` <strong class="expired">(expired)</strong>` : ''
  }</p>`;
}

function select(name: string, label: string, options: readonly (readonly [string, string])[], current: string, errors?: FormErrors) {
  return html`<label for="${name}">${label}</label><select id="${name}" name="${name}"${errors?.attrs(name) ?? ''}>${options.map(
    ([value, shown]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${shown}</option>`,
  )}</select>${errors?.at(name) ?? ''}`;
}

export function assertionEncryptionFields(settings: AssertionEncryptionSettings, now: Date, errors?: FormErrors): SafeHtml {
  return html`<fieldset id="assertion-encryption"><legend>Encrypted assertions</legend>
<input type="hidden" name="assertionEncryptionShown" value="true">
<label><input type="checkbox" id="encryptAssertion" name="encryptAssertion" value="true"${settings.encryptAssertion ? html` checked` : ''}${errors?.attrs('encryptAssertion') ?? ''}> Encrypt assertion <span class="hint">(signed, then encrypted for the SP as EncryptedAssertion)</span></label>
${errors?.at('encryptAssertion') ?? ''}
<label for="spEncryptionCertificatePem">SP encryption certificate <span class="hint">(PEM, from the SP metadata's KeyDescriptor use="encryption"; an RSA key)</span></label>
<textarea id="spEncryptionCertificatePem" name="spEncryptionCertificatePem" rows="6"${errors?.attrs('spEncryptionCertificatePem') ?? ''}>${settings.spEncryptionCertificatePem}</textarea>
${errors?.at('spEncryptionCertificatePem') ?? ''}
${certificateFacts(settings.spEncryptionCertificatePem, now)}
${select('blockEncryption', 'Block encryption', BLOCK_OPTIONS, settings.blockEncryption, errors)}
${select('keyTransport', 'Key transport', TRANSPORT_OPTIONS, settings.keyTransport, errors)}
</fieldset>`;
}

/** The posted fieldset as the service's input; undefined when the form did not show it (nothing to change). */
export function readAssertionEncryptionForm(body: FormBody): Record<string, unknown> | undefined {
  if (text(body, 'assertionEncryptionShown') !== 'true') return undefined;
  return {
    encryptAssertion: text(body, 'encryptAssertion') === 'true',
    spEncryptionCertificatePem: text(body, 'spEncryptionCertificatePem').trim(),
    blockEncryption: text(body, 'blockEncryption'),
    keyTransport: text(body, 'keyTransport'),
  };
}

/** What was typed, drawn again after a refused save (invalid values included). */
export function assertionEncryptionDraft(current: AssertionEncryptionSettings, body: FormBody): AssertionEncryptionSettings {
  const posted = readAssertionEncryptionForm(body);
  if (!posted) return current;
  return {
    encryptAssertion: posted.encryptAssertion as boolean,
    spEncryptionCertificatePem: text(body, 'spEncryptionCertificatePem'),
    blockEncryption: posted.blockEncryption as AssertionEncryptionSettings['blockEncryption'],
    keyTransport: posted.keyTransport as AssertionEncryptionSettings['keyTransport'],
  };
}
