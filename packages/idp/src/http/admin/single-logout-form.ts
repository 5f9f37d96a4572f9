// The SSO tab's "Single Logout" card: the SP's SingleLogoutService URL, its optional ResponseLocation and the binding
// the IdP uses towards it (saml-metadata §2.2.2, saml-bindings §3.4 Redirect / §3.5 POST). Its own form (CSRF), saved
// through the same checks as the admin API (slo/slo-settings.ts). Also the SP's SOAP endpoint (back channel,
// saml-bindings §3.2), used when an admin ends a user's sessions.
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { SingleLogoutSettings } from '../../store/single-logout-types.js';
import type { IdpDeps } from '../deps.js';
import { idpSloUrl } from '../slo/chain.js';
import { checkSloSettings, checkSloUrl, NO_SINGLE_LOGOUT } from '../slo/slo-settings.js';
import { action } from './kit/form-action.js';
import { text } from './kit/form-body.js';
import { csrfField } from './kit/layout.js';

const LABELS = { sloUrl: 'SP Single Logout URL', sloResponseUrl: 'SP Single Logout response URL' };
const SOAP_LABEL = 'SP SOAP Single Logout URL';

export async function singleLogoutCard(ctx: ParameterizedContext, deps: IdpDeps, app: { id: string; ssoUrl: string }): Promise<SafeHtml> {
  const s = (await deps.store.singleLogout.getSettings(app.id)) ?? NO_SINGLE_LOGOUT;
  const soapUrl = await deps.store.sloSoapEndpoints.get(app.id);
  const option = (value: SingleLogoutSettings['binding'], label: string) =>
    html`<option value="${value}"${s.binding === value ? html` selected` : ''}>${label}</option>`;
  return html`<form method="post" action="/admin/applications/${app.id}/single-logout" class="card" id="single-logout">${csrfField(ctx)}
<h2>Single Logout</h2>
<p class="hint">The IdP's Single Logout URL for this application: <code>${idpSloUrl(app)}</code>. The SP's LogoutRequests and
LogoutResponses are checked with the SP certificate above (signed when "require signed AuthnRequests" is on).</p>
<label for="sloUrl">${LABELS.sloUrl} <span class="hint">(empty: this application is not told when the person signs out)</span></label>
<input type="url" id="sloUrl" name="sloUrl" value="${s.sloUrl}">
<label for="sloResponseUrl">${LABELS.sloResponseUrl} <span class="hint">(optional; empty: the Single Logout URL)</span></label>
<input type="url" id="sloResponseUrl" name="sloResponseUrl" value="${s.sloResponseUrl}">
<label for="sloBinding">Binding</label>
<select id="sloBinding" name="binding">${option('redirect', 'HTTP-Redirect')}${option('post', 'HTTP-POST')}</select>
<label for="sloSoapUrl">${SOAP_LABEL} <span class="hint">(optional, SOAP binding: the IdP tells this application server to server
when an admin ends a user's sessions; the answer must be signed with the SP certificate above)</span></label>
<input type="url" id="sloSoapUrl" name="soapUrl" value="${soapUrl}">
<button type="submit">Save Single Logout</button></form>`;
}

export const saveSingleLogout = (deps: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const app = await deps.services.directory.getApplication(String(ctx.params.id ?? ''));
      const settings: SingleLogoutSettings = {
        sloUrl: text(body, 'sloUrl'),
        sloResponseUrl: text(body, 'sloResponseUrl'),
        binding: text(body, 'binding') === 'post' ? 'post' : 'redirect',
      };
      const soapUrl = text(body, 'soapUrl');
      checkSloSettings(settings, LABELS);
      checkSloUrl(soapUrl, SOAP_LABEL);
      await deps.store.singleLogout.putSettings(app.id, settings, deps.clock.now());
      await deps.store.sloSoapEndpoints.put(app.id, soapUrl, deps.clock.now());
      return { to: `/admin/applications/${app.id}/sso`, message: `Single Logout settings of ${app.displayLabel} were saved.` };
    },
    (ctx) => `/admin/applications/${String(ctx.params.id ?? '')}/sso`,
  );
