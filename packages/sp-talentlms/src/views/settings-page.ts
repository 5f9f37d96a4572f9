// Account & Settings → Users → Single Sign-On (SSO): the TalentLMS settings form, errors next to each field.
import { html, type SafeHtml } from '@samlbridge/web';
import type { ConfigurationReport } from '../sso/check-configuration.js';
import type { FieldProblem, SsoSettings } from '../sso/settings.js';
import { pemFingerprints } from '../sso/settings.js';
import { FormErrors } from './field-errors.js';
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
  /** The checked settings failed and were NOT saved: the previous ones stay live; offer "Save anyway". */
  checkFailedNotSaved?: boolean;
  /** SHA-256 fingerprints of certificates pasted into "Certificate fingerprint" and moved to the PEM field. */
  movedCertificate?: string[];
}

export interface ScimView {
  enabled: boolean;
  active: boolean;
  ssoConfigured: boolean;
  baseUrl: string;
  timezone: string;
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

const INTEGRATION_TYPES = { none: 'None', saml2: 'SAML2.0' } as const;

const LABELS: Record<string, string> = {
  integrationType: 'SSO integration type',
  idpEntityId: 'Identity provider (IdP)',
  certificateFingerprints: 'Certificate fingerprint',
  certificatePem: 'Certificate (PEM, optional)',
  remoteSignInUrl: 'Remote sign-in URL',
  remoteSignOutUrl: 'Remote sign-out URL',
  idpSingleLogoutUrl: 'IdP Single Logout URL',
  idpMetadataUrl: 'IdP metadata URL (optional)',
  spEntityId: 'SP entity ID override (optional)',
  attr_targetedId: 'TargetedID',
  attr_firstName: 'First name',
  attr_lastName: 'Last name',
  attr_email: 'Email',
};

function textInput(name: string, value: string, errors: FormErrors, hint?: string): SafeHtml {
  return html`<label for="${name}">${LABELS[name] ?? name}</label>
<input id="${name}" name="${name}" type="text" value="${value}" autocomplete="off"${errors.attrs(name, hint ? `${name}-hint` : undefined)}>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}${errors.message(name)}`;
}

function checkbox(name: string, label: string, checked: boolean, hint: string): SafeHtml {
  return html`<label class="inline"><input type="checkbox" name="${name}"${checked ? html` checked` : ''}> ${label}</label>
<p class="hint">${hint}</p>`;
}

function movedNotice(sha256: string[] | undefined): SafeHtml {
  if (!sha256?.length) return html``;
  return html`<p class="alert ok" role="status" id="certificate-moved">You pasted a certificate into "Certificate fingerprint": it was moved to "Certificate (PEM)" and its SHA-256 fingerprint ${sha256.map(
    (f) => html`<span class="mono">${f}</span> `,
  )}put in "Certificate fingerprint".</p>`;
}

export function settingsPage(v: SettingsView): SafeHtml {
  const s = v.values;
  const a = s.attributes;
  const errors = new FormErrors(v.problems);
  const attrInput = (key: keyof SsoSettings['attributes']) => textInput(`attr_${key}`, a[key], errors);
  const pems = pemFingerprints(s);
  return html`${settingsTabs('sso')}<section class="card">
<h1>Single Sign-On (SSO)</h1>
${v.saved ? html`<p class="alert ok" role="status">Settings saved.</p>` : ''}
${movedNotice(v.movedCertificate)}
${v.checkFailedNotSaved ? html`<p class="alert warn" role="alert" id="check-not-saved"><strong>Not saved: the check found problems, so the previous settings are still in use.</strong> Fix the settings below and check again, or choose "Save anyway" to put them in use as they are (people may then be unable to sign in).</p>` : ''}
${v.check ? checkReport(v.check) : ''}
${errors.summary(LABELS)}
${s.integrationType === 'none' ? html`<p class="alert warn" role="status" id="sso-off"><strong>Single sign-on is off (SSO integration type: None).</strong> People sign in with their username and password; sign-in messages from the identity provider are refused. The SAML settings below are kept for when you choose SAML2.0 again.</p>` : ''}
${s.integrationType === 'saml2' && !v.configured && !v.problems.length ? html`<p class="alert warn">SSO is not active yet: it needs the Identity provider, a certificate fingerprint (or certificate) and the Remote sign-in URL.</p>` : ''}
<h2>Give these to your identity provider</h2>
<dl class="kv">
<dt>Entity ID (audience)</dt><dd class="mono" data-sp="entity-id">${v.sp.entityId}</dd>
<dt>ACS URL</dt><dd class="mono" data-sp="acs-url">${v.sp.acsUrl}</dd>
<dt>SP metadata</dt><dd class="mono"><a href="${v.sp.metadataUrl}">${v.sp.metadataUrl}</a></dd>
<dt>Sign-in URL (SP-initiated)</dt><dd class="mono">${v.sp.loginUrl}</dd>
<dt>Single Logout URL (SAML SLO)</dt><dd class="mono" data-sp="slo-url">${v.sp.sloUrl}</dd>
</dl>
<p class="hint">A sign-in failed? The <a href="/account/users/sso/sign-ins" data-link="sign-in-log">sign-in log</a> shows, for each sign-in, every check with the expected and the received value.</p>
<form method="post" action="/account/users/sso" novalidate>
<input type="hidden" name="_csrf" value="${v.csrf}">
<label for="integrationType">SSO integration type</label>
<select id="integrationType" name="integrationType"${errors.attrs('integrationType', 'integrationType-hint')}>${(
    ['none', 'saml2'] as const
  ).map(
    (type) => html`<option value="${type}"${s.integrationType === type ? html` selected` : ''}>${INTEGRATION_TYPES[type]}</option>`,
  )}</select>
<p class="hint" id="integrationType-hint">None turns single sign-on off: nobody can sign in through the identity provider, the sign-in page shows no "Sign in with SSO", and people sign in with their username and password. The SAML settings below are kept as they are (saving with None does not change or check them): choose SAML2.0 again to use them. SCIM user provisioning keeps working either way.</p>
${errors.message('integrationType')}
${textInput('idpEntityId', s.idpEntityId, errors, 'The IdP Entity ID, e.g. https://sso.jumpcloud.com/saml2/talentlms')}
<label for="certificateFingerprints">Certificate fingerprint</label>
<textarea id="certificateFingerprints" name="certificateFingerprints" rows="3"${errors.attrs('certificateFingerprints', 'certificateFingerprints-hint')}>${v.fingerprintsText}</textarea>
<p class="hint" id="certificateFingerprints-hint">SHA-1 or SHA-256 of the IdP certificate, any case, with or without colons. One per line: add the next certificate's fingerprint before a rotation. A whole certificate pasted here is moved to "Certificate (PEM)" and its fingerprint put here.</p>
${errors.message('certificateFingerprints')}
<label for="certificatePem">Certificate (PEM, optional)</label>
<textarea id="certificatePem" name="certificatePem" rows="4"${errors.attrs('certificatePem', 'certificatePem-hint')}>${s.certificatePem}</textarea>
<p class="hint" id="certificatePem-hint">Instead of, or as well as, a fingerprint: paste the certificate.pem downloaded from the IdP.${
    pems.length ? html` Configured: ${pems.map((p) => html`<span class="mono">SHA-1 ${p.sha1}</span> `)}` : ''
  }</p>
${errors.message('certificatePem')}
${textInput('remoteSignInUrl', s.remoteSignInUrl, errors, 'The IdP SSO URL, e.g. https://sso.jumpcloud.com/saml2/talentlms')}
${textInput('remoteSignOutUrl', s.remoteSignOutUrl, errors, 'Where people go after signing out, e.g. https://console.jumpcloud.com/userconsole/')}
${checkbox(
  'useSamlSingleLogout',
  'Use SAML Single Logout on sign-out',
  s.useSamlSingleLogout,
  'Signing out here also signs the person out at the identity provider (a signed LogoutRequest), then goes to the remote sign-out URL.',
)}
${textInput('idpSingleLogoutUrl', s.idpSingleLogoutUrl, errors, 'The IdP SingleLogoutService URL, e.g. https://sso.jumpcloud.com/saml2/talentlms/slo (in the IdP metadata)')}
${textInput('idpMetadataUrl', s.idpMetadataUrl, errors, 'Used by "Save and check configuration". Empty: the remote sign-in URL followed by /metadata.')}
<h2>Attributes</h2>
${attrInput('targetedId')}
${attrInput('firstName')}
${attrInput('lastName')}
${attrInput('email')}
<p class="hint">TargetedID falls back to the NameID when the attribute is absent.</p>
<h2>Security</h2>
${checkbox('allowUnsolicited', 'Allow IdP-initiated sign-in', s.allowUnsolicited, 'Accept Responses that answer no request from this site (user console tiles).')}
${checkbox('requireSignedAssertion', 'Require a signed assertion', s.requireSignedAssertion, 'Otherwise a signed Response or a signed Assertion suffices.')}
${checkbox('allowSha1', 'Allow SHA-1 signatures', s.allowSha1, 'Only for old IdPs: SHA-1 signatures are weak.')}
${checkbox('requireEncryptedAssertions', 'Require encrypted assertions', s.requireEncryptedAssertions, 'Refuse sign-ins whose assertion is not encrypted for this site (its encryption certificate is in the SP metadata).')}
${checkbox('allowCbcEncryption', 'Allow AES-CBC encryption (for old IdPs)', s.allowCbcEncryption, 'Otherwise only AES-GCM encrypted assertions are decrypted.')}
${textInput('spEntityId', s.spEntityId, errors, 'Leave empty to use this site’s host name.')}
<p class="hint" id="save-hint">Saving checks the SAML settings against the identity provider's metadata first: settings that fail the check are not put in use, and the ones in use now stay, unless you confirm them with "Save anyway" (for example when the identity provider cannot be reached from here yet).</p>
<p class="actions"><button type="submit" name="check" value="1" aria-describedby="save-hint">Save and check configuration</button>${
    v.checkFailedNotSaved
      ? html` <button type="submit" name="saveAnyway" value="1" class="danger">Save anyway (the check failed)</button>`
      : ''
  }</p>
</form>
</section>
${scimSection(v.scim, v.csrf)}`;
}
