// The SSO tab's certificate panel ("IDP Certificate Valid until …", expiry warning) and the TalentLMS card. During a
// signing-key rotation both published certificates are shown, each with its fingerprints and its own expiry.
import { html, type SafeHtml } from '@samlbridge/web';
import type { ResolvedApplication, UserField } from '../../domain.js';
import type { SigningKeyView } from '../../keys/keyring.js';

const DAY = 24 * 3600 * 1000;
/** The panel warns this many days before a certificate's notAfter. */
export const WARN_DAYS = 30;

function attributeNameFor(app: ResolvedApplication, source: UserField): string {
  return app.attributes.find((a) => a.source === source)?.name ?? '(not mapped: add an attribute for it)';
}

/** What a state means for an SP. */
export const KEY_ROLE: Record<SigningKeyView['state'], string> = {
  active: 'signs now',
  next: 'published, signs after activation',
  previous: 'published, no longer signs',
  retired: 'retired, not published',
};

/** An alert when the certificate has expired (error) or expires within 30 days (warning); '' otherwise. */
export function expiryAlert(key: SigningKeyView, now: Date): SafeHtml | '' {
  const day = key.notAfter.toISOString().slice(0, 10);
  const which = key.state === 'active' ? 'The IdP certificate' : `The ${key.state} IdP certificate`;
  const left = key.notAfter.getTime() - now.getTime();
  if (left <= 0) {
    return html`<div class="alert error" role="alert">${which} expired on ${day}: service providers refuse the assertions it signs. Rotate it now and update every service provider.</div>`;
  }
  const days = Math.ceil(left / DAY);
  if (days > WARN_DAYS) return '';
  const when = days <= 1 ? 'within a day' : `in ${days} days`;
  return html`<div class="alert warn" role="status">${which} expires ${when}: plan its rotation and update every service provider.</div>`;
}

/** The heading of the active certificate, and its alert. */
function activeHeading(key: SigningKeyView, now: Date): SafeHtml {
  const day = key.notAfter.toISOString().slice(0, 10);
  const expired = key.notAfter.getTime() <= now.getTime();
  return html`<h2>IDP Certificate ${expired ? 'Expired on' : 'Valid until'} ${day}</h2>${expiryAlert(key, now)}`;
}

/** The other published certificate (next or previous key), with its own fingerprints and expiry. */
function standbyBlock(app: ResolvedApplication, key: SigningKeyView, now: Date): SafeHtml {
  return html`<h3 id="standby-certificate">${key.state === 'next' ? 'Next' : 'Previous'} IDP Certificate (${KEY_ROLE[key.state]}), valid until ${key.notAfter
    .toISOString()
    .slice(0, 10)}</h3>${expiryAlert(key, now)}
<dl class="kv">
<dt>SHA-1 fingerprint</dt><dd><span data-copy="the next SHA-1 fingerprint"><code id="standby-sha1">${key.fingerprints.sha1}</code></span></dd>
<dt>SHA-256 fingerprint</dt><dd><span data-copy="the next SHA-256 fingerprint"><code id="standby-sha256">${key.fingerprints.sha256}</code></span></dd>
</dl>
<p><a class="button secondary" href="/saml2/${app.name}/certificate.pem?key=${key.state}" download="certificate-${key.state}.pem">Download the ${key.state} certificate</a></p>`;
}

/** "IDP Certificate Valid until …", fingerprints, download, and what TalentLMS's SSO page needs. `keys`: published, active first. */
export function certificatePanel(app: ResolvedApplication, keys: readonly SigningKeyView[], baseUrl: string, now: Date): SafeHtml {
  const [active, standby] = keys as [SigningKeyView, SigningKeyView | undefined];
  const card: [string, string, string][] = [
    ['idp-entity-id', 'Identity provider (IdP)', app.idpEntityId],
    ['fingerprint', 'Certificate fingerprint (SHA-1)', active.fingerprints.sha1],
    ...(standby
      ? [
          [
            'standby-fingerprint',
            `${standby.state === 'next' ? 'Next' : 'Previous'} certificate fingerprint (SHA-1)`,
            standby.fingerprints.sha1,
          ] as [string, string, string],
        ]
      : []),
    ['sign-in-url', 'Remote sign-in URL', app.ssoUrl],
    ['sign-out-url', 'Remote sign-out URL', `${baseUrl}/userconsole/`],
    ['targeted-id', 'TargetedID', attributeNameFor(app, 'username')],
    ['first-name', 'First name', attributeNameFor(app, 'firstName')],
    ['last-name', 'Last name', attributeNameFor(app, 'lastName')],
    ['email', 'Email', attributeNameFor(app, 'email')],
  ];
  const rotation =
    standby?.state === 'next'
      ? html`<p class="hint" id="rotation-hint">A signing-key rotation is under way: the next certificate is published but does not sign yet. Service providers that pin one fingerprint (TalentLMS) keep the current one until the next key is activated, then switch to the next one.</p>`
      : standby
        ? html`<p class="hint" id="rotation-hint">The next key was activated: the fingerprint above now signs. Retire the previous key once every service provider uses the new fingerprint.</p>`
        : '';
  return html`<section class="card" id="certificate">
${activeHeading(active, now)}
<dl class="kv">
<dt>SHA-1 fingerprint</dt><dd><span data-copy="the SHA-1 fingerprint"><code id="sha1">${active.fingerprints.sha1}</code></span></dd>
<dt>SHA-256 fingerprint</dt><dd><span data-copy="the SHA-256 fingerprint"><code id="sha256">${active.fingerprints.sha256}</code></span></dd>
</dl>
<p><a class="button secondary" href="/saml2/${app.name}/certificate.pem" download="certificate.pem">Download certificate</a>
<a href="${app.metadataUrl}">IdP metadata</a> · <a href="/admin/signing-keys">Signing keys and rotation</a></p>
${standby ? standbyBlock(app, standby, now) : ''}
</section>
<section class="card" id="talentlms-card">
<h2>For the TalentLMS Single Sign-On (SSO) page</h2>
<p class="hint">SSO integration type: SAML2.0. Copy each value into the field of the same name.</p>
${rotation}
<dl class="kv">${card.map(([id, label, value]) => html`<dt>${label}</dt><dd><span data-copy="${label}"><code data-field="${id}">${value}</code></span></dd>`)}</dl>
</section>`;
}
