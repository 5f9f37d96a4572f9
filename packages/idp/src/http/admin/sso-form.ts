// The SSO tab's form: drawn from the saved application or, after a refused save, from what was typed
// (with each problem next to its field), and read back into the service's JSON shape.
import { NAMEID_FORMAT } from '@samlbridge/protocol';
import { html, type SafeHtml } from '@samlbridge/web';
import type { AttributeMapping, ResolvedApplication, UserField } from '../../domain.js';
import { USER_FIELDS } from '../../services/application-input.js';
import type { RequestSigningSettings } from '../../store/types.js';
import { type FormErrors, labeller } from './form-errors.js';
import { type FormBody, list, text } from './kit/form-body.js';
import { requestSigningFields } from './request-signing-fields.js';

const SOURCES: readonly string[] = [...USER_FIELDS, 'constant'];

/** What the form shows: the application's SSO settings, or the values just posted. */
export type SsoDraft = Pick<
  ResolvedApplication,
  | 'id'
  | 'ssoUrl'
  | 'idpEntityIdOverride'
  | 'spEntityId'
  | 'acsUrls'
  | 'defaultRelayState'
  | 'nameIdSource'
  | 'nameIdFormat'
  | 'signing'
  | 'signatureAlgorithm'
  | 'attributes'
  | 'groupAttribute'
> &
  RequestSigningSettings;

/** The portal labels of the service's field paths ("acsUrls[0]" → "ACS URL 1"). */
export const ssoLabel = labeller(
  {
    idpEntityId: 'IdP Entity ID',
    spEntityId: 'SP Entity ID',
    acsUrls: 'ACS URLs',
    defaultRelayState: 'Default RelayState',
    nameIdSource: 'SAMLSubject NameID',
    nameIdFormat: 'SAMLSubject NameID Format',
    signing: 'Sign',
    signatureAlgorithm: 'Signature algorithm',
    attributes: 'Attributes',
    groupAttribute: 'Group attribute name',
    requireSignedRequests: 'Require signed AuthnRequests',
    spCertificatePem: 'SP certificate',
    allowSha1: 'Allow RSA-SHA1 request signatures',
  },
  {
    acsUrls: (n) => `ACS URL ${n}`,
    attributes: (n, key) =>
      key === 'name'
        ? `Attribute ${n} name`
        : key === 'source'
          ? `Attribute ${n} value source`
          : key === 'value'
            ? `Attribute ${n} constant value`
            : `Attribute ${n}`,
  },
);

function select(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  current: string,
  errors?: FormErrors,
): SafeHtml {
  return html`<label for="${name}">${label}</label><select id="${name}" name="${name}"${errors?.attrs(name) ?? ''}>${options.map(
    ([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`,
  )}</select>${errors?.at(name) ?? ''}`;
}

function attributeRow(i: number, name: string, source: string, value: string, existing: boolean, errors?: FormErrors): SafeHtml {
  const problem = errors?.under(`attributes[${i}]`).length
    ? html`<tr><td colspan="4">${errors.at(`attributes[${i}]`, `attribute-${i + 1}`)}</td></tr>`
    : '';
  return html`<tr>
<td><input type="text" name="attrName" value="${name}" aria-label="Attribute name ${i + 1}"></td>
<td><select name="attrSource" aria-label="Value source ${i + 1}">${SOURCES.map(
    (s) => html`<option value="${s}"${s === source ? html` selected` : ''}>${s === 'constant' ? 'constant value' : `user ${s}`}</option>`,
  )}</select></td>
<td><input type="text" name="attrValue" value="${value}" aria-label="Constant value ${i + 1}"></td>
<td>${existing ? html`<label class="inline"><input type="checkbox" name="attrRemove" value="${String(i)}"> remove</label>` : html`<span class="hint">new</span>`}</td>
</tr>${problem}`;
}

function input(name: string, value: string, errors?: FormErrors): SafeHtml {
  return html`<input type="text" id="${name}" name="${name}" value="${value}"${errors?.attrs(name) ?? ''}>${errors?.at(name) ?? ''}`;
}

export function ssoForm(app: SsoDraft, csrf: SafeHtml, errors?: FormErrors, now = new Date()): SafeHtml {
  const rows = app.attributes.map((a, i) => attributeRow(i, a.name, a.source, a.source === 'constant' ? a.value : '', true, errors));
  rows.push(attributeRow(app.attributes.length, '', 'username', '', false));
  return html`<form method="post" action="/admin/applications/${app.id}/sso" class="card">
${csrf}
${errors ? errors.banner() : ''}
<p class="hint">Replace any instances of YOURDOMAIN and SUBDOMAIN with your TalentLMS values, add or change attributes, then save.</p>
<label for="idpEntityId">IdP Entity ID <span class="hint">(empty: ${app.ssoUrl})</span></label>
${input('idpEntityId', app.idpEntityIdOverride ?? '', errors)}
<label for="spEntityId">SP Entity ID</label>
${input('spEntityId', app.spEntityId, errors)}
<label for="acsUrls">ACS URLs <span class="hint">(one per line; the first is the default)</span></label>
<textarea id="acsUrls" name="acsUrls"${errors?.attrs('acsUrls') ?? ''}>${app.acsUrls.join('\n')}</textarea>
${errors?.at('acsUrls') ?? ''}
<label for="defaultRelayState">Default RelayState <span class="hint">(IdP-initiated launches)</span></label>
${input('defaultRelayState', app.defaultRelayState, errors)}
${select(
  'nameIdSource',
  'SAMLSubject NameID',
  USER_FIELDS.filter((f) => f === 'username' || f === 'email' || f === 'id').map((f) => [f, f] as const),
  app.nameIdSource,
  errors,
)}
${select(
  'nameIdFormat',
  'SAMLSubject NameID Format',
  Object.values(NAMEID_FORMAT).map((f) => [f, f] as const),
  app.nameIdFormat,
  errors,
)}
${select(
  'signing',
  'Sign',
  [
    ['both', 'Response and Assertion'],
    ['assertion', 'Assertion'],
    ['response', 'Response'],
  ],
  app.signing,
  errors,
)}
${select(
  'signatureAlgorithm',
  'Signature algorithm',
  [
    ['rsa-sha256', 'RSA-SHA256'],
    ['rsa-sha512', 'RSA-SHA512'],
    ['rsa-sha1', 'RSA-SHA1 (legacy)'],
  ],
  app.signatureAlgorithm,
  errors,
)}
<h3>Attributes</h3>
<table><thead><tr><th scope="col">Service Provider Attribute Name</th><th scope="col">Value from</th><th scope="col">Constant value</th><th scope="col"></th></tr></thead>
<tbody>${rows}</tbody></table>
${errors?.byField.has('attributes') ? errors.at('attributes') : ''}
<p class="hint">Add an attribute by filling the last row; rename one by editing its name; tick "remove" to drop it.</p>
<label><input type="checkbox" name="includeGroupAttribute" value="true"${app.groupAttribute ? html` checked` : ''}> Include group attribute</label>
<label for="groupAttribute">Group attribute name <span class="hint">(lists the user's groups bound to this application)</span></label>
${input('groupAttribute', app.groupAttribute ?? 'memberOf', errors)}
${requestSigningFields(app, now, errors)}
<button type="submit">Save</button>
</form>`;
}

function readAttributes(body: FormBody): AttributeMapping[] {
  const names = list(body, 'attrName');
  const sources = list(body, 'attrSource');
  const values = list(body, 'attrValue');
  const removed = new Set(list(body, 'attrRemove'));
  const attributes: AttributeMapping[] = [];
  names.forEach((raw, i) => {
    const name = raw.trim();
    if (!name || removed.has(String(i))) return;
    const source = sources[i] ?? 'username';
    attributes.push(source === 'constant' ? { name, source, value: values[i] ?? '' } : { name, source: source as UserField });
  });
  return attributes;
}

/** Form → the service's JSON shape (the service validates it, as for the API). */
export function readSsoForm(body: FormBody): Record<string, unknown> {
  return {
    idpEntityId: text(body, 'idpEntityId').trim() || null,
    spEntityId: text(body, 'spEntityId'),
    acsUrls: text(body, 'acsUrls')
      .split(/\r?\n/)
      .map((u) => u.trim())
      .filter(Boolean),
    defaultRelayState: text(body, 'defaultRelayState'),
    nameIdSource: text(body, 'nameIdSource'),
    nameIdFormat: text(body, 'nameIdFormat'),
    signing: text(body, 'signing'),
    signatureAlgorithm: text(body, 'signatureAlgorithm'),
    attributes: readAttributes(body),
    groupAttribute: text(body, 'includeGroupAttribute') === 'true' ? text(body, 'groupAttribute') || null : null,
    requireSignedRequests: text(body, 'requireSignedRequests') === 'true',
    spCertificatePem: text(body, 'spCertificatePem').trim(),
    allowSha1: text(body, 'allowSha1') === 'true',
  };
}

/** The form again with what was typed (invalid values included, so nothing is lost). */
export function draftFromForm(app: SsoDraft, body: FormBody): SsoDraft {
  const posted = readSsoForm(body);
  return {
    ...app,
    idpEntityIdOverride: text(body, 'idpEntityId'),
    spEntityId: text(body, 'spEntityId'),
    acsUrls: posted.acsUrls as string[],
    defaultRelayState: text(body, 'defaultRelayState'),
    nameIdSource: text(body, 'nameIdSource') as SsoDraft['nameIdSource'],
    nameIdFormat: text(body, 'nameIdFormat'),
    signing: text(body, 'signing') as SsoDraft['signing'],
    signatureAlgorithm: text(body, 'signatureAlgorithm') as SsoDraft['signatureAlgorithm'],
    attributes: posted.attributes as AttributeMapping[],
    groupAttribute: posted.groupAttribute as string | null,
    requireSignedRequests: posted.requireSignedRequests as boolean,
    spCertificatePem: text(body, 'spCertificatePem'),
    allowSha1: posted.allowSha1 as boolean,
  };
}
