// Account & Settings → Users → Sign-in log: recent ACS sign-ins, and one sign-in's trace. Everything shown is
// escaped by html`` (the Response's XML is shown as text).
import { prettyXml, RESPONSE_CHECKS, type ResponseCheck } from '@samlbridge/protocol';
import { html, type SafeHtml } from '@samlbridge/web';
import { REASONS } from '../saml/reasons.js';
import type { SignInTrace } from '../store/types.js';
import { settingsTabs } from './layout.js';

const sentence = (reason: string | null) => (reason === null ? '' : ((REASONS as Record<string, string>)[reason] ?? ''));

function failedCheck(checks: readonly ResponseCheck[]): ResponseCheck | undefined {
  return checks.find((c) => c.result === 'fail');
}

function values(c: ResponseCheck | undefined): SafeHtml {
  if (!c || (c.expected === undefined && c.received === undefined)) return html``;
  return html`<dl class="compared"><dt>Expected</dt><dd><code>${c.expected ?? '—'}</code></dd><dt>Received</dt><dd><code>${c.received ?? '—'}</code></dd></dl>`;
}

export function signInLogPage(traces: ReadonlyArray<Omit<SignInTrace, 'responseXml'>>, retentionDays: number): SafeHtml {
  const rows = traces.map(
    (t) => html`<tr>
      <td><time datetime="${t.at.toISOString()}">${t.at.toISOString().replace('T', ' ').slice(0, 19)} UTC</time></td>
      <td>${t.user ?? '—'}</td>
      <td>${t.success ? 'Signed in' : html`<strong>Refused</strong>`}</td>
      <td>${t.reason ? html`<code>${t.reason}</code> ${sentence(t.reason)}${values(failedCheck(t.checks))}` : ''}</td>
      <td><a href="/account/users/sso/sign-ins/${t.id}" aria-label="Trace of the sign-in at ${t.at.toISOString()}">Trace</a></td>
    </tr>`,
  );
  return html`${settingsTabs('sign-ins')}<h1>Sign-in log</h1>
<p>Every single sign-on attempt at this site's ACS, newest first, kept for ${retentionDays} days. A refused sign-in shows the check that failed, with the value this site expected and the value the identity provider sent.</p>
${
  traces.length === 0
    ? html`<p>No single sign-on attempts yet.</p>`
    : html`<div class="table-scroll" tabindex="0" role="region" aria-label="Recent sign-ins, scrollable"><table><caption>Recent sign-ins</caption><thead><tr><th scope="col">When</th><th scope="col">User</th><th scope="col">Result</th><th scope="col">Reason</th><th scope="col">Trace</th></tr></thead><tbody>${rows}</tbody></table></div>`
}`;
}

const RESULT = { pass: 'Passed', fail: 'Failed', skipped: 'Skipped' } as const;

/** `requestXml`: the AuthnRequest this site sent, when the Response answers one still kept (store/sent-authn-requests.ts). */
export function signInTracePage(t: SignInTrace, requestXml?: string): SafeHtml {
  const signed = t.signed
    ? [t.signed.response ? 'the Response (its signature verified)' : '', t.signed.assertion ? 'the Assertion (its signature verified)' : '']
        .filter(Boolean)
        .join(' and ')
    : '';
  return html`${settingsTabs('sign-ins')}<h1>Sign-in trace</h1>
<p><a href="/account/users/sso/sign-ins">Back to the sign-in log</a></p>
<dl class="facts">
  <dt>When</dt><dd><time datetime="${t.at.toISOString()}">${t.at.toISOString()}</time></dd>
  <dt>Result</dt><dd>${t.success ? 'Signed in' : html`Refused: <code>${t.reason ?? ''}</code> ${sentence(t.reason)}`}</dd>
  <dt>User</dt><dd>${t.user ?? '—'}</dd>
  <dt>Posted to</dt><dd><code>${t.acsUrl}</code> (binding <code>${t.binding}</code>)</dd>
  <dt>Answers AuthnRequest</dt><dd>${t.inResponseTo ? html`<code>${t.inResponseTo}</code> (sent by this site)` : 'none (IdP-initiated), or not read'}</dd>
  <dt>Kept until</dt><dd><time datetime="${t.expiresAt.toISOString()}">${t.expiresAt.toISOString()}</time></dd>
</dl>
${
  requestXml === undefined
    ? ''
    : html`<h2>AuthnRequest this site sent</h2><p>Sent over HTTP-Redirect to the identity provider; the Response above answers it (InResponseTo).</p><pre class="xml" tabindex="0" aria-label="AuthnRequest XML">${prettyXml(requestXml)}</pre>`
}
<h2>Checks, in the order applied</h2>
${
  t.checks.length === 0
    ? html`<p>No check was reached (the request was refused before verification).</p>`
    : html`<ol class="checks">${t.checks.map(
        (c) =>
          html`<li><strong>${RESULT[c.result]}</strong>: <code>${c.name}</code> — ${c.detail ?? RESPONSE_CHECKS[c.name]}${
            c.reason ? html` (<code>${c.reason}</code>)` : ''
          }${values(c)}</li>`,
      )}</ol>`
}
<h2>Response as received</h2>
${
  t.responseXml === null
    ? html`<p>No readable Response was posted.</p>`
    : html`<p>${signed ? html`Signed parts: ${signed}. ` : 'No signature was verified. '}Decoded from base64, indented for reading; an encrypted assertion is shown as received (encrypted).</p><pre class="xml" tabindex="0" aria-label="SAML Response XML">${prettyXml(t.responseXml)}</pre>`
}`;
}
