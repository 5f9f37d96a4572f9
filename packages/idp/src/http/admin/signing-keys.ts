// The admin portal's signing-key page (/admin/signing-keys): both published certificates with their fingerprints
// and expiry, and the three rotation steps as buttons (CSRF; activate and retire need a ticked confirmation).
// The same overlap and expiry notice heads the admin home (the SSO Applications list).
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../admin-errors.js';
import type { SigningKeyView } from '../../keys/keyring.js';
import type { IdpDeps } from '../deps.js';
import { expiryAlert, KEY_ROLE } from './certificate-panel.js';
import { action } from './kit/form-action.js';
import { text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';

const PAGE = '/admin/signing-keys';
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');
const initiator = (ctx: ParameterizedContext) => `admin:${ctx.state.admin?.email ?? 'unknown'}`;

/** The admin home's notice: both fingerprints while two keys are published, and every expiry warning. */
export function signingKeysNotice(keys: readonly SigningKeyView[], now: Date): SafeHtml | '' {
  const alerts = keys.map((k) => expiryAlert(k, now)).filter((a) => a !== '');
  const standby = keys.find((k) => k.state !== 'active');
  if (!standby && alerts.length === 0) return '';
  const active = keys.find((k) => k.state === 'active');
  return html`<section class="card" id="signing-keys-notice">
<h2>IdP signing keys</h2>
${alerts}
${
  standby && active
    ? html`<p>Two signing certificates are published. Active (signs now): SHA-1 <code>${active.fingerprints.sha1}</code>. ${
        standby.state === 'next' ? 'Next' : 'Previous'
      } (${KEY_ROLE[standby.state]}): SHA-1 <code>${standby.fingerprints.sha1}</code>.</p>`
    : ''
}
<p><a href="${PAGE}">Signing keys and rotation</a></p>
</section>`;
}

function confirmBox(id: string, what: string): SafeHtml {
  return html`<label><input type="checkbox" name="confirm" value="yes" required> ${what}</label>
<input type="hidden" name="id" value="${id}">`;
}

function keyRow(ctx: ParameterizedContext, k: SigningKeyView, now: Date): SafeHtml {
  const buttons =
    k.state === 'next' || k.state === 'previous'
      ? html`<form method="post" action="${PAGE}/${k.id}/activate" class="inline">${csrfField(ctx)}${confirmBox(
          k.id,
          'Every service provider trusts this certificate',
        )} <button type="submit">Activate</button></form>
<form method="post" action="${PAGE}/${k.id}/retire" class="inline">${csrfField(ctx)}${confirmBox(
          k.id,
          'No service provider needs this certificate any more',
        )} <button type="submit" class="danger">Retire</button></form>`
      : '';
  return html`<tr id="key-${k.state}">
<td data-label="State">${k.state}<br><span class="hint">${KEY_ROLE[k.state]}</span></td>
<td data-label="Fingerprints (SHA-1, SHA-256)"><code>${k.fingerprints.sha1}</code><br><code>${k.fingerprints.sha256}</code></td>
<td data-label="Valid until">${day(k.notAfter)}${expiryAlert(k, now)}</td>
<td data-label="Created / activated / retired">${day(k.createdAt)} / ${day(k.activatedAt)} / ${day(k.retiredAt)}</td>
<td>${buttons}</td>
</tr>`;
}

export const showSigningKeys =
  ({ keys, clock }: IdpDeps): Middleware =>
  async (ctx) => {
    const all = await keys.list();
    const now = clock.now();
    const canGenerate = !all.some((k) => k.state === 'next' || k.state === 'previous');
    renderAdmin(
      ctx,
      'applications',
      'IdP signing keys',
      html`<p><a href="/admin/applications">← SSO Applications</a></p>
<h1>IdP signing keys</h1>
<p class="hint">Rotation without downtime: <strong>1.</strong> generate the next key: every application's metadata publishes both certificates; update each service provider (or let it re-read the metadata). <strong>2.</strong> activate it: it signs from then on, and the old key stays published as "previous". <strong>3.</strong> retire the previous key: it is no longer published and its private key is erased.</p>
${
  canGenerate
    ? html`<form method="post" action="${PAGE}/generate" class="card">${csrfField(ctx)}<button type="submit">Generate the next key</button></form>`
    : ''
}
<table class="stack"><thead><tr><th>State</th><th>Fingerprints (SHA-1, SHA-256)</th><th>Valid until</th><th>Created / activated / retired</th><th>Actions</th></tr></thead>
<tbody>${all.map((k) => keyRow(ctx, k, now))}</tbody></table>`,
    );
  };

function confirmed(body: Record<string, unknown>): void {
  if (body.confirm !== 'yes') throw adminError('confirmation_required');
}

export const generateNextKey = ({ keys }: IdpDeps): Middleware =>
  action(
    async (ctx) => {
      const k = await keys.generateNext(initiator(ctx));
      return { to: PAGE, message: `The next signing key (SHA-1 ${k.fingerprints.sha1}) is published. It signs once you activate it.` };
    },
    () => PAGE,
  );

/** A confirmed move of the key the form names (`activate`, `retire`), and what the page then says about it. */
const keyMove =
  (move: 'activate' | 'retire', outcome: string) =>
  ({ keys }: IdpDeps): Middleware =>
    action(
      async (ctx, body) => {
        confirmed(body);
        const k = await keys[move](String(ctx.params.id ?? text(body, 'id')), initiator(ctx));
        return { to: PAGE, message: `The key with SHA-1 ${k.fingerprints.sha1} ${outcome}` };
      },
      () => PAGE,
    );

export const activateKey = keyMove('activate', 'signs from now on.');
export const retireKey = keyMove('retire', 'is retired: no longer published.');
