// The SSO tab: the form, its reading into service input, the certificate panel and the TalentLMS card.
import { NAMEID_FORMAT } from '@samlbridge/protocol';
import { html, type SafeHtml } from '@samlbridge/web';
import type { ResolvedApplication, UserField } from '../../domain.js';
import { USER_FIELDS } from '../../services/application-input.js';
import type { SigningInfo } from '../deps.js';
import { type FormBody, list, text } from './kit.js';

const SOURCES: readonly string[] = [...USER_FIELDS, 'constant'];
const DAY = 24 * 3600 * 1000;

function select(name: string, label: string, options: readonly (readonly [string, string])[], current: string): SafeHtml {
  return html`<label for="${name}">${label}</label><select id="${name}" name="${name}">${options.map(
    ([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`,
  )}</select>`;
}

function attributeRow(i: number, name: string, source: string, value: string, existing: boolean): SafeHtml {
  return html`<tr>
<td><input type="text" name="attrName" value="${name}" aria-label="Attribute name ${i + 1}"></td>
<td><select name="attrSource" aria-label="Value source ${i + 1}">${SOURCES.map(
    (s) => html`<option value="${s}"${s === source ? html` selected` : ''}>${s === 'constant' ? 'constant value' : `user ${s}`}</option>`,
  )}</select></td>
<td><input type="text" name="attrValue" value="${value}" aria-label="Constant value ${i + 1}"></td>
<td>${existing ? html`<label class="inline"><input type="checkbox" name="attrRemove" value="${String(i)}"> remove</label>` : html`<span class="hint">new</span>`}</td>
</tr>`;
}

export function ssoForm(app: ResolvedApplication, csrf: SafeHtml): SafeHtml {
  const rows = app.attributes.map((a, i) => attributeRow(i, a.name, a.source, a.source === 'constant' ? a.value : '', true));
  rows.push(attributeRow(app.attributes.length, '', 'username', '', false));
  return html`<form method="post" action="/admin/applications/${app.id}/sso" class="card">
${csrf}
<p class="hint">Replace any instances of YOURDOMAIN and SUBDOMAIN with your TalentLMS values, add or change attributes, then save.</p>
<label for="idpEntityId">IdP Entity ID <span class="hint">(empty: ${app.ssoUrl})</span></label>
<input type="text" id="idpEntityId" name="idpEntityId" value="${app.idpEntityIdOverride ?? ''}">
<label for="spEntityId">SP Entity ID</label>
<input type="text" id="spEntityId" name="spEntityId" value="${app.spEntityId}">
<label for="acsUrls">ACS URLs <span class="hint">(one per line; the first is the default)</span></label>
<textarea id="acsUrls" name="acsUrls">${app.acsUrls.join('\n')}</textarea>
<label for="defaultRelayState">Default RelayState <span class="hint">(IdP-initiated launches)</span></label>
<input type="text" id="defaultRelayState" name="defaultRelayState" value="${app.defaultRelayState}">
${select(
  'nameIdSource',
  'SAMLSubject NameID',
  USER_FIELDS.filter((f) => f === 'username' || f === 'email' || f === 'id').map((f) => [f, f] as const),
  app.nameIdSource,
)}
${select(
  'nameIdFormat',
  'SAMLSubject NameID Format',
  Object.values(NAMEID_FORMAT).map((f) => [f, f] as const),
  app.nameIdFormat,
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
)}
<h3>Attributes</h3>
<table><thead><tr><th scope="col">Service Provider Attribute Name</th><th scope="col">Value from</th><th scope="col">Constant value</th><th scope="col"></th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="hint">Add an attribute by filling the last row; rename one by editing its name; tick "remove" to drop it.</p>
<label><input type="checkbox" name="includeGroupAttribute" value="true"${app.groupAttribute ? html` checked` : ''}> Include group attribute</label>
<label for="groupAttribute">Group attribute name <span class="hint">(lists the user's groups bound to this application)</span></label>
<input type="text" id="groupAttribute" name="groupAttribute" value="${app.groupAttribute ?? 'memberOf'}">
<button type="submit">Save</button>
</form>`;
}

/** Form → the service's JSON shape (the service validates it, as for the API). */
export function readSsoForm(body: FormBody): Record<string, unknown> {
  const names = list(body, 'attrName');
  const sources = list(body, 'attrSource');
  const values = list(body, 'attrValue');
  const removed = new Set(list(body, 'attrRemove'));
  const attributes: Record<string, string>[] = [];
  names.forEach((raw, i) => {
    const name = raw.trim();
    if (!name || removed.has(String(i))) return;
    const source = sources[i] ?? 'username';
    attributes.push(source === 'constant' ? { name, source, value: values[i] ?? '' } : { name, source: source as UserField });
  });
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
    attributes,
    groupAttribute: text(body, 'includeGroupAttribute') === 'true' ? text(body, 'groupAttribute') || null : null,
  };
}

function attributeNameFor(app: ResolvedApplication, source: UserField): string {
  return app.attributes.find((a) => a.source === source)?.name ?? '(not mapped: add an attribute for it)';
}

/** "IDP Certificate Valid until …", fingerprints, download, and what TalentLMS's SSO page needs. */
export function certificatePanel(app: ResolvedApplication, signing: SigningInfo, baseUrl: string, now: Date): SafeHtml {
  const daysLeft = Math.floor((signing.notAfter.getTime() - now.getTime()) / DAY);
  const validUntil = signing.notAfter.toISOString().slice(0, 10);
  const card: [string, string, string][] = [
    ['idp-entity-id', 'Identity provider (IdP)', app.idpEntityId],
    ['fingerprint', 'Certificate fingerprint (SHA-1)', signing.fingerprints.sha1],
    ['sign-in-url', 'Remote sign-in URL', app.ssoUrl],
    ['sign-out-url', 'Remote sign-out URL', `${baseUrl}/userconsole/`],
    ['targeted-id', 'TargetedID', attributeNameFor(app, 'username')],
    ['first-name', 'First name', attributeNameFor(app, 'firstName')],
    ['last-name', 'Last name', attributeNameFor(app, 'lastName')],
    ['email', 'Email', attributeNameFor(app, 'email')],
  ];
  return html`<section class="card" id="certificate">
<h2>IDP Certificate Valid until ${validUntil}</h2>
${
  daysLeft < 30
    ? html`<div class="alert warn" role="status">The IdP certificate expires in ${String(Math.max(daysLeft, 0))} days: plan its rotation and update every service provider.</div>`
    : ''
}
<dl class="kv">
<dt>SHA-1 fingerprint</dt><dd><code id="sha1">${signing.fingerprints.sha1}</code></dd>
<dt>SHA-256 fingerprint</dt><dd><code id="sha256">${signing.fingerprints.sha256}</code></dd>
</dl>
<p><a class="button secondary" href="/saml2/${app.name}/certificate.pem" download="certificate.pem">Download certificate</a>
<a href="${app.metadataUrl}">IdP metadata</a></p>
</section>
<section class="card" id="talentlms-card">
<h2>For the TalentLMS Single Sign-On (SSO) page</h2>
<p class="hint">SSO integration type: SAML2.0. Copy each value into the field of the same name.</p>
<dl class="kv">${card.map(([id, label, value]) => html`<dt>${label}</dt><dd><code data-field="${id}">${value}</code></dd>`)}</dl>
</section>`;
}
