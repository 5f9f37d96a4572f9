// The SSO tab's certificate panel ("IDP Certificate Valid until …", expiry warning) and the TalentLMS card.
import { html, type SafeHtml } from '@samlbridge/web';
import type { ResolvedApplication, UserField } from '../../domain.js';
import type { SigningInfo } from '../deps.js';

const DAY = 24 * 3600 * 1000;
/** The panel warns this many days before the certificate's notAfter. */
const WARN_DAYS = 30;

function attributeNameFor(app: ResolvedApplication, source: UserField): string {
  return app.attributes.find((a) => a.source === source)?.name ?? '(not mapped: add an attribute for it)';
}

/** The heading, and an alert when the certificate has expired (error) or expires within 30 days (warning). */
function expiry(notAfter: Date, now: Date): SafeHtml {
  const day = notAfter.toISOString().slice(0, 10);
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) {
    return html`<h2>IDP Certificate Expired on ${day}</h2>
<div class="alert error" role="alert">The IdP certificate expired on ${day}: service providers refuse the assertions it signs. Rotate it now and update every service provider.</div>`;
  }
  const days = Math.ceil(left / DAY);
  const when = days <= 1 ? 'within a day' : `in ${days} days`;
  return html`<h2>IDP Certificate Valid until ${day}</h2>${
    days <= WARN_DAYS
      ? html`<div class="alert warn" role="status">The IdP certificate expires ${when}: plan its rotation and update every service provider.</div>`
      : ''
  }`;
}

/** "IDP Certificate Valid until …", fingerprints, download, and what TalentLMS's SSO page needs. */
export function certificatePanel(app: ResolvedApplication, signing: SigningInfo, baseUrl: string, now: Date): SafeHtml {
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
${expiry(signing.notAfter, now)}
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
