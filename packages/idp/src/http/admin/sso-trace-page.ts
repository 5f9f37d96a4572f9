// Directory Insights → one SSO event's trace (store/sso-traces.ts): the AuthnRequest as received with its signature
// verdict, the SSO steps in order with their outcomes, the Response as sent (indented, its signed elements marked)
// and where it was posted. Admin portal only; everything is shown escaped by html``.
import { prettyXml } from '@samlbridge/protocol';
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { adminError } from '../../admin-errors.js';
import type { SsoTrace, SsoTraceStep } from '../../store/sso-traces.js';
import type { IdpDeps } from '../deps.js';
import { renderAdmin } from './kit/layout.js';

const OUTCOME: Record<SsoTraceStep['outcome'], string> = { passed: 'Passed', failed: 'Failed', ended: 'Answered' };

/**
 * The IDs a `<…Signature>` references (`Reference URI="#ID"`), read from the text for display only: the elements
 * carrying those IDs are the signed parts (xmldsig §4.4.3.2). The signature itself was made by our own signer.
 */
export function signedIds(xml: string): string[] {
  const ids: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Reference\b[^>]*\bURI="#([^"]+)"/g)) if (m[1]) ids.push(m[1]);
  return ids;
}

function signedPartsOf(xml: string): string[] {
  return signedIds(xml).map((id) => {
    const element = new RegExp(`<((?:\\w+:)?\\w+)\\b[^>]*\\bID="${id.replace(/[^\w.-]/g, '')}"`).exec(xml)?.[1] ?? 'element';
    return `${element} (ID ${id})`;
  });
}

/** The indented XML, the start tag of each signed element marked. */
function markedXml(xml: string, label: string): SafeHtml {
  const ids = new Set(signedIds(xml));
  const lines = prettyXml(xml)
    .split('\n')
    .map((line) => {
      const id = /\bID="([^"]+)"/.exec(line)?.[1];
      return id && ids.has(id) ? html`<mark>${line}</mark>` : html`${line}`;
    });
  return html`<pre class="xml" tabindex="0" aria-label="${label}">${lines.map((l, i) => (i === 0 ? l : html`\n${l}`))}</pre>`;
}

const when = (d: Date) =>
  html`<time datetime="${d.toISOString()}">${d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')}</time>`;

export function ssoTraceView(t: SsoTrace, retentionDays: number): SafeHtml {
  const encrypted = t.response ? /<(?:\w+:)?EncryptedAssertion\b/.test(t.response.xml) : false;
  const signed = t.response ? signedPartsOf(t.response.xml) : [];
  return html`<h1>SSO trace</h1>
<p><a href="/admin/insights?type=sso_auth">Back to Directory Insights</a></p>
<p>One single sign-on as this identity provider handled it, kept for ${String(retentionDays)} days after it started.</p>
<dl class="facts">
<dt>Started</dt><dd>${when(t.at)}</dd>
<dt>Application</dt><dd>${t.application ?? '—'}</dd>
<dt>Initiated by</dt><dd>${t.initiatedBy === 'sp' ? 'the service provider (AuthnRequest)' : 'the identity provider (launch from the user console)'}</dd>
<dt>User</dt><dd>${t.user ?? '—'}</dd>
<dt>Outcome</dt><dd>${t.outcome === 'success' ? 'Response issued' : t.outcome === 'failure' ? html`Refused: <code>${t.reason ?? ''}</code>` : 'Waiting for the person to sign in'}</dd>
</dl>
<h2>AuthnRequest as received</h2>
${
  t.request.xml === null
    ? html`<p>None: an IdP-initiated launch has no AuthnRequest.</p>`
    : html`<dl class="facts"><dt>ID</dt><dd><code>${t.request.id ?? 'not read'}</code></dd><dt>Binding</dt><dd>${t.request.binding === 'post' ? 'HTTP-POST' : 'HTTP-Redirect'}</dd><dt>Signature</dt><dd>${t.request.signature ?? 'not checked (the request was refused before the signature check)'}</dd></dl>
<p>Decoded${t.request.binding === 'post' ? ' from base64' : ' (base64, inflated)'}, indented for reading.</p>${markedXml(t.request.xml, 'AuthnRequest XML')}`
}
<h2>Checks, in the order applied</h2>
<ol class="checks">${t.steps.map(
    (s) =>
      html`<li class="check"><span class="badge ${s.outcome === 'failed' ? 'problem' : 'ok'}">${OUTCOME[s.outcome]}</span><span><code>${s.step}</code>${
        s.code ? html` — <code>${s.code}</code>` : ''
      }${s.note ? html`: ${s.note}` : ''}</span></li>`,
  )}</ol>
<h2>Response as sent</h2>
${
  t.response === null
    ? html`<p>No Response was sent (the request got an error page, or is waiting for the sign-in).</p>`
    : html`<dl class="facts"><dt>Posted to</dt><dd><code>${t.response.acsUrl}</code></dd><dt>Binding</dt><dd><code>${t.response.binding}</code> (auto-posting form in the browser)</dd><dt>Signed parts</dt><dd>${
        signed.length > 0 ? signed.join(', ') : 'none'
      }</dd><dt>Assertion</dt><dd>${encrypted ? 'encrypted for the service provider (shown as sent)' : 'in the clear'}</dd></dl>
<p>Decoded from base64, indented for reading; the start tags of the signed elements are highlighted.</p>${markedXml(t.response.xml, 'SAML Response XML')}`
}`;
}

/** `GET /admin/insights/traces/:id` */
export const showSsoTrace =
  ({ store, config }: IdpDeps): Middleware =>
  async (ctx) => {
    const trace = await store.ssoTraces.get(String(ctx.params.id ?? ''));
    if (!trace) {
      throw adminError('not_found', `There is no SSO trace with that ID; traces are kept for ${config.traceRetentionDays} days.`);
    }
    renderAdmin(ctx, 'insights', 'SSO trace', ssoTraceView(trace, config.traceRetentionDays));
  };
