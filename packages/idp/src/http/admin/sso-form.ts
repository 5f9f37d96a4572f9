// The SSO tab's form: drawn from the saved application or, after a refused save, from what was typed
// (with each problem next to its field), and read back into the service's JSON shape.
import { NAMEID_FORMAT } from '@samlbridge/protocol';
import { html, type SafeHtml } from '@samlbridge/web';
import type { AttributeMapping, AttributeNameFormat, ResolvedApplication, UserField } from '../../domain.js';
import { USER_FIELDS } from '../../services/application-input.js';
import { PRODUCIBLE_NAME_ID_FORMATS, withStandardOids } from '../../services/sso-options.js';
import type { AssertionEncryptionSettings } from '../../store/assertion-encryption.js';
import type { RequestSigningSettings, SsoOptions } from '../../store/types.js';
import { ASSERTION_ENCRYPTION_LABELS, assertionEncryptionDraft, assertionEncryptionFields } from './assertion-encryption-fields.js';
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
  RequestSigningSettings &
  SsoOptions & { assertionEncryption?: AssertionEncryptionSettings };

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
    allowedNameIdFormats: 'Allowed NameID formats',
    allowedRelayStates: 'Allowed RelayState URLs',
    ...ASSERTION_ENCRYPTION_LABELS,
  },
  {
    acsUrls: (n) => `ACS URL ${n}`,
    allowedRelayStates: (n) => `Allowed RelayState URL ${n}`,
    attributes: (n, key) =>
      key === 'name'
        ? `Attribute ${n} name`
        : key === 'source'
          ? `Attribute ${n} value source`
          : key === 'value'
            ? `Attribute ${n} constant value`
            : key === 'nameFormat'
              ? `Attribute ${n} NameFormat`
              : key === 'friendlyName'
                ? `Attribute ${n} FriendlyName`
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

const NAME_FORMATS = ['basic', 'uri', 'unspecified'] as const;

function attributeRow(i: number, a: Partial<AttributeMapping> & { value?: string }, existing: boolean, errors?: FormErrors): SafeHtml {
  const problem = errors?.under(`attributes[${i}]`).length
    ? html`<tr><td colspan="6">${errors.at(`attributes[${i}]`, `attribute-${i + 1}`)}</td></tr>`
    : '';
  const source = a.source ?? 'username';
  const nameFormat = a.nameFormat ?? 'basic';
  return html`<tr>
<td><input type="text" name="attrName" value="${a.name ?? ''}" aria-label="Attribute name ${i + 1}"></td>
<td><select name="attrSource" aria-label="Value source ${i + 1}">${SOURCES.map(
    (s) => html`<option value="${s}"${s === source ? html` selected` : ''}>${s === 'constant' ? 'constant value' : `user ${s}`}</option>`,
  )}</select></td>
<td><input type="text" name="attrValue" value="${a.value ?? ''}" aria-label="Constant value ${i + 1}"></td>
<td><select name="attrNameFormat" aria-label="NameFormat ${i + 1}">${NAME_FORMATS.map(
    (f) => html`<option value="${f}"${f === nameFormat ? html` selected` : ''}>${f}</option>`,
  )}</select></td>
<td><input type="text" name="attrFriendlyName" value="${a.friendlyName ?? ''}" aria-label="FriendlyName ${i + 1}"></td>
<td>${existing ? html`<label class="inline"><input type="checkbox" name="attrRemove" value="${String(i)}"> remove</label>` : html`<span class="hint">new</span>`}</td>
</tr>${problem}`;
}

/** saml-core §3.4.1.1: which NameIDPolicy formats SPs may ask for (unchecked → InvalidNameIDPolicy). */
function nameIdFormatFields(app: SsoDraft, errors?: FormErrors): SafeHtml {
  const allowed = app.allowedNameIdFormats;
  return html`<input type="hidden" name="nameIdFormatsShown" value="true"><fieldset><legend>Allowed NameID formats <span class="hint">(an AuthnRequest's NameIDPolicy may ask for these; the format above and unspecified are always accepted)</span></legend>
<label class="inline"><input type="checkbox" name="nameIdFormatsDefault" value="true"${allowed === null ? html` checked` : ''}> all formats this identity provider produces (default)</label>
${PRODUCIBLE_NAME_ID_FORMATS.map(
  (f) =>
    html`<label class="inline"><input type="checkbox" name="allowedNameIdFormats" value="${f}"${allowed?.includes(f) ? html` checked` : ''}> ${f}</label>`,
)}
${errors?.at('allowedNameIdFormats') ?? ''}</fieldset>`;
}

function input(name: string, value: string, errors?: FormErrors): SafeHtml {
  return html`<input type="text" id="${name}" name="${name}" value="${value}"${errors?.attrs(name) ?? ''}>${errors?.at(name) ?? ''}`;
}

export function ssoForm(app: SsoDraft, csrf: SafeHtml, errors?: FormErrors, now = new Date()): SafeHtml {
  const rows = app.attributes.map((a, i) => attributeRow(i, a, true, errors));
  rows.push(attributeRow(app.attributes.length, {}, false));
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
<label for="allowedRelayStates">Allowed RelayState URLs <span class="hint">(IdP-initiated launches with ?RelayState=: relative paths are always accepted; one absolute URL per line, a prefix ends in /*)</span></label>
<textarea id="allowedRelayStates" name="allowedRelayStates"${errors?.attrs('allowedRelayStates') ?? ''}>${app.allowedRelayStates.join('\n')}</textarea>
${errors?.at('allowedRelayStates') ?? ''}
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
${nameIdFormatFields(app, errors)}
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
<div class="table-scroll" role="region" aria-label="Attributes (scrolls sideways)" tabindex="0"><table><thead><tr><th scope="col">Service Provider Attribute Name</th><th scope="col">Value from</th><th scope="col">Constant value</th><th scope="col">NameFormat</th><th scope="col">FriendlyName</th><th scope="col"></th></tr></thead>
<tbody>${rows}</tbody></table></div>
${errors?.byField.has('attributes') ? errors.at('attributes') : ''}
<p class="hint">Add an attribute by filling the last row; rename one by editing its name; tick "remove" to drop it.</p>
<button type="submit" name="standardOids" value="true" class="secondary">Use standard OIDs and save</button>
<p class="hint">Names the email, first name, last name and username attributes by their standard OIDs (mail, givenName, sn, uid; NameFormat uri), for SPs that expect them.</p>
<label><input type="checkbox" name="includeGroupAttribute" value="true"${app.groupAttribute ? html` checked` : ''}> Include group attribute</label>
<label for="groupAttribute">Group attribute name <span class="hint">(lists the user's groups bound to this application)</span></label>
${input('groupAttribute', app.groupAttribute ?? 'memberOf', errors)}
${requestSigningFields(app, now, errors)}
${app.assertionEncryption ? assertionEncryptionFields(app.assertionEncryption, now, errors) : ''}
<button type="submit">Save</button>
</form>`;
}

function readAttributes(body: FormBody): AttributeMapping[] {
  const names = list(body, 'attrName');
  const sources = list(body, 'attrSource');
  const values = list(body, 'attrValue');
  const nameFormats = list(body, 'attrNameFormat');
  const friendlyNames = list(body, 'attrFriendlyName');
  const removed = new Set(list(body, 'attrRemove'));
  const attributes: AttributeMapping[] = [];
  names.forEach((raw, i) => {
    const name = raw.trim();
    if (!name || removed.has(String(i))) return;
    const source = sources[i] ?? 'username';
    const naming = {
      ...(nameFormats[i] && nameFormats[i] !== 'basic' ? { nameFormat: nameFormats[i] as AttributeNameFormat } : {}),
      ...(friendlyNames[i]?.trim() ? { friendlyName: friendlyNames[i]?.trim() } : {}),
    };
    attributes.push(
      source === 'constant' ? { name, source, value: values[i] ?? '', ...naming } : { name, source: source as UserField, ...naming },
    );
  });
  // "Use standard OIDs": the same mappings, named by their OIDs (services/sso-options.ts).
  return text(body, 'standardOids') === 'true' ? withStandardOids(attributes) : attributes;
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
    // Only forms that showed the checkboxes say anything about the formats.
    ...(text(body, 'nameIdFormatsShown') === 'true'
      ? { allowedNameIdFormats: text(body, 'nameIdFormatsDefault') === 'true' ? null : list(body, 'allowedNameIdFormats') }
      : {}),
    allowedRelayStates: text(body, 'allowedRelayStates')
      .split(/\r?\n/)
      .map((u) => u.trim())
      .filter(Boolean),
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
    allowedNameIdFormats:
      posted.allowedNameIdFormats === undefined ? app.allowedNameIdFormats : (posted.allowedNameIdFormats as string[] | null),
    allowedRelayStates: posted.allowedRelayStates as string[],
    ...(app.assertionEncryption ? { assertionEncryption: assertionEncryptionDraft(app.assertionEncryption, body) } : {}),
  };
}
