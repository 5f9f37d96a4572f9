// Account & Settings → Users → Single Sign-On (SSO): the TalentLMS settings form, errors next to each field.
import { html, type SafeHtml } from '@samlbridge/web';
import type { ConfigurationReport } from '../sso/check-configuration.js';
import type { FieldProblem, SsoSettings } from '../sso/settings.js';
import { pemFingerprints } from '../sso/settings.js';
import { settingsTabs } from './layout.js';

export interface SettingsView {
  values: SsoSettings;
  /** Raw form text to re-show after an error. */
  fingerprintsText: string;
  problems: FieldProblem[];
  csrf: string;
  saved: boolean;
  configured: boolean;
  sp: { entityId: string; acsUrl: string; metadataUrl: string; loginUrl: string; sloUrl: string };
  scim: ScimView;
  /** The result of "Save and check configuration", on the response to that action only. */
  check?: ConfigurationReport;
}

export interface ScimView {
  enabled: boolean;
  active: boolean;
  ssoConfigured: boolean;
  baseUrl: string;
  timezone: string;
  /** Shown once, right after enabling or regenerating. */
  newKey?: string;
  /** One-time token of the SCIM forms: a reloaded (re-posted) form must not silently rotate the key. */
  intent: string;
  error?: string;
  message?: string;
}

/** "Enable SCIM v2 user provisioning": status, the once-shown API key, regenerate, disable. */
export function scimSection(v: ScimView, csrf: string): SafeHtml {
  const button = (action: string, label: string, cls = '') =>
    html`<form method="post" action="/account/users/sso/scim" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="intent" value="${v.intent}"><button type="submit" class="${cls}" data-scim-action="${action}">${label}</button></form>`;
  return html`<section class="card" id="scim">
<h2>SCIM v2 user provisioning</h2>
${v.error ? html`<p class="alert error" role="alert" id="scim-error">${v.error}</p>` : ''}
${v.message ? html`<p class="alert ok" role="status">${v.message}</p>` : ''}
${
  v.newKey
    ? html`<div class="alert warn" role="status"><p><strong>Copy this API key now: it is shown only once.</strong> Paste it as the Token Key of your identity provider's Identity Management integration.</p>
<p class="mono" id="scim-api-key">${v.newKey}</p></div>`
    : ''
}
<dl class="kv">
<dt>Status</dt><dd id="scim-status" data-enabled="${String(v.enabled)}" data-active="${String(v.active)}">${
    v.active ? 'Enabled' : v.enabled ? 'Enabled, waiting for SAML SSO to be configured' : 'Disabled'
  }</dd>
<dt>Base URL</dt><dd class="mono">${v.baseUrl}</dd>
<dt>Account time zone</dt><dd class="mono">${v.timezone}</dd>
</dl>
${
  !v.ssoConfigured
    ? html`<p class="hint">SAML SSO must be configured for SCIM: save the SSO settings above first.</p>`
    : v.enabled
      ? html`<p>${button('regenerate', 'Regenerate API key', 'secondary')} ${button('disable', 'Disable SCIM', 'danger')}</p>
<p class="hint">Regenerating revokes the current key at once: update the token at your identity provider (deactivate, update, reactivate).</p>`
      : html`<p>${button('enable', 'Enable SCIM v2 user provisioning')}</p>`
}
</section>`;
}

const STATUS_TEXT = { ok: 'OK', warning: 'Warning', problem: 'Problem' } as const;

/** One line per check: a status word (not colour alone) and a sentence to act on. */
export function checkReport(r: ConfigurationReport): SafeHtml {
  const problems = r.checks.filter((c) => c.status === 'problem').length;
  return html`<section class="check-report" id="check-report" data-ok="${String(r.ok)}" aria-labelledby="check-report-title">
<h2 id="check-report-title">Configuration check</h2>
${
  r.ok
    ? html`<p class="alert ok" role="status">The settings match the identity provider's metadata.</p>`
    : html`<p class="alert error" role="alert">${problems === 1 ? '1 problem' : `${problems} problems`} found: fix ${problems === 1 ? 'it' : 'them'} below, then save and check again.</p>`
}
<ul class="checks">${r.checks.map(
    (c) =>
      html`<li class="check ${c.status}" data-check="${c.id}" data-status="${c.status}"><span class="badge ${c.status}">${STATUS_TEXT[c.status]}</span> <span><strong>${c.label}</strong>: ${c.message}</span></li>`,
  )}</ul>
</section>`;
}

function fieldErrors(problems: FieldProblem[], field: string): SafeHtml {
  const mine = problems.filter((p) => p.field === field || p.field.startsWith(`${field}[`));
  return html`${mine.map((p) => html`<p class="field-error" id="${field}-error" data-field="${p.field}">${p.message}</p>`)}`;
}

function textInput(name: string, label: string, value: string, problems: FieldProblem[], hint?: string): SafeHtml {
  return html`<label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="text" value="${value}" autocomplete="off">
${hint ? html`<p class="hint">${hint}</p>` : ''}${fieldErrors(problems, name)}`;
}

function checkbox(name: string, label: string, checked: boolean, hint: string): SafeHtml {
  return html`<label class="inline"><input type="checkbox" name="${name}"${checked ? html` checked` : ''}> ${label}</label>
<p class="hint">${hint}</p>`;
}

export function settingsPage(v: SettingsView): SafeHtml {
  const s = v.values;
  const a = s.attributes;
  const attrInput = (key: keyof SsoSettings['attributes'], label: string) =>
    html`<label for="attr_${key}">${label}</label><input id="attr_${key}" name="attr_${key}" type="text" value="${a[key]}">${fieldErrors(v.problems, `attributes.${key}`)}`;
  const pems = pemFingerprints(s);
  return html`${settingsTabs('sso')}<section class="card">
<h1>Single Sign-On (SSO)</h1>
${v.saved ? html`<p class="alert ok" role="status">Settings saved.</p>` : ''}
${v.check ? checkReport(v.check) : ''}
${v.problems.length ? html`<p class="alert error" role="alert">The settings were not saved: fix the ${v.problems.length === 1 ? 'field' : `${v.problems.length} fields`} marked below.</p>` : ''}
${!v.configured && !v.problems.length ? html`<p class="alert warn">SSO is not active yet: it needs the Identity provider, a certificate fingerprint (or certificate) and the Remote sign-in URL.</p>` : ''}
<h2>Give these to your identity provider</h2>
<dl class="kv">
<dt>Entity ID (audience)</dt><dd class="mono" data-sp="entity-id">${v.sp.entityId}</dd>
<dt>ACS URL</dt><dd class="mono" data-sp="acs-url">${v.sp.acsUrl}</dd>
<dt>SP metadata</dt><dd class="mono"><a href="${v.sp.metadataUrl}">${v.sp.metadataUrl}</a></dd>
<dt>Sign-in URL (SP-initiated)</dt><dd class="mono">${v.sp.loginUrl}</dd>
<dt>Single Logout URL (SAML SLO)</dt><dd class="mono" data-sp="slo-url">${v.sp.sloUrl}</dd>
</dl>
<form method="post" action="/account/users/sso" novalidate>
<input type="hidden" name="_csrf" value="${v.csrf}">
<label for="integrationType">SSO integration type</label>
<select id="integrationType" name="integrationType"><option value="saml2" selected>SAML2.0</option></select>
${textInput('idpEntityId', 'Identity provider (IdP)', s.idpEntityId, v.problems, 'The IdP Entity ID, e.g. https://sso.jumpcloud.com/saml2/talentlms')}
<label for="certificateFingerprints">Certificate fingerprint</label>
<textarea id="certificateFingerprints" name="certificateFingerprints" rows="3">${v.fingerprintsText}</textarea>
<p class="hint">SHA-1 or SHA-256 of the IdP certificate, any case, with or without colons. One per line: add the next certificate's fingerprint before a rotation.</p>
${fieldErrors(v.problems, 'certificateFingerprints')}
<label for="certificatePem">Certificate (PEM, optional)</label>
<textarea id="certificatePem" name="certificatePem" rows="4">${s.certificatePem}</textarea>
<p class="hint">Instead of, or as well as, a fingerprint: paste the certificate.pem downloaded from the IdP.${
    pems.length ? html` Configured: ${pems.map((p) => html`<span class="mono">SHA-1 ${p.sha1}</span> `)}` : ''
  }</p>
${fieldErrors(v.problems, 'certificatePem')}
${textInput('remoteSignInUrl', 'Remote sign-in URL', s.remoteSignInUrl, v.problems, 'The IdP SSO URL, e.g. https://sso.jumpcloud.com/saml2/talentlms')}
${textInput('remoteSignOutUrl', 'Remote sign-out URL', s.remoteSignOutUrl, v.problems, 'Where people go after signing out, e.g. https://console.jumpcloud.com/userconsole/')}
${checkbox(
  'useSamlSingleLogout',
  'Use SAML Single Logout on sign-out',
  s.useSamlSingleLogout,
  'Signing out here also signs the person out at the identity provider (a signed LogoutRequest), then goes to the remote sign-out URL.',
)}
${textInput('idpSingleLogoutUrl', 'IdP Single Logout URL', s.idpSingleLogoutUrl, v.problems, 'The IdP SingleLogoutService URL, e.g. https://sso.jumpcloud.com/saml2/talentlms/slo (in the IdP metadata)')}
${textInput('idpMetadataUrl', 'IdP metadata URL (optional)', s.idpMetadataUrl, v.problems, 'Used by "Save and check configuration". Empty: the remote sign-in URL followed by /metadata.')}
<h2>Attributes</h2>
${attrInput('targetedId', 'TargetedID')}
${attrInput('firstName', 'First name')}
${attrInput('lastName', 'Last name')}
${attrInput('email', 'Email')}
<p class="hint">TargetedID falls back to the NameID when the attribute is absent.</p>
<h2>Security</h2>
${checkbox('allowUnsolicited', 'Allow IdP-initiated sign-in', s.allowUnsolicited, 'Accept Responses that answer no request from this site (user console tiles).')}
${checkbox('requireSignedAssertion', 'Require a signed assertion', s.requireSignedAssertion, 'Otherwise a signed Response or a signed Assertion suffices.')}
${checkbox('allowSha1', 'Allow SHA-1 signatures', s.allowSha1, 'Only for old IdPs: SHA-1 signatures are weak.')}
${checkbox('requireEncryptedAssertions', 'Require encrypted assertions', s.requireEncryptedAssertions, 'Refuse sign-ins whose assertion is not encrypted for this site (its encryption certificate is in the SP metadata).')}
${checkbox('allowCbcEncryption', 'Allow AES-CBC encryption (for old IdPs)', s.allowCbcEncryption, 'Otherwise only AES-GCM encrypted assertions are decrypted.')}
${textInput('spEntityId', 'SP entity ID override (optional)', s.spEntityId, v.problems, 'Leave empty to use this site’s host name.')}
<p class="actions"><button type="submit" name="check" value="1">Save and check configuration</button> <button type="submit" class="secondary">Save</button></p>
</form>
</section>
${scimSection(v.scim, v.csrf)}`;
}
