// SP-initiated SSO (saml-profiles §4.1.3): GET /index/ssologin/service:saml → AuthnRequest over HTTP-Redirect.
import { BINDING, buildAuthnRequest, buildRedirectUrl, encodeRedirect, newSamlId } from '@samlbridge/protocol';
import { html, noCache } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { NEXT_STEP } from '../saml/person-help.js';
import { REASONS } from '../saml/reasons.js';
import { isConfigured, type SsoSettings } from '../sso/settings.js';
import { acsUrl, spEntityId } from '../tenant.js';
import { renderPage } from '../views/layout.js';
import { limitPendingSignIns } from './pending-signin-limit.js';
import { safeReturnPath } from './return-path.js';

/** How long an AuthnRequest ID waits for its Response. */
export const PENDING_REQUEST_TTL_SECONDS = 15 * 60;

declare module 'koa' {
  interface DefaultState {
    ssoSettings?: SsoSettings;
  }
}

export function spLoginEndpoint(deps: SpDeps): Middleware[] {
  const { services, store, clock, config, logger } = deps;

  const requireConfiguredSso: Middleware = async (ctx, next) => {
    const settings = await services.sso.getSettings(ctx.state.tenant.id);
    if (settings.integrationType === 'none') {
      ctx.status = 409;
      renderPage(
        ctx,
        'Single sign-on is turned off',
        html`<section class="card narrow" id="sso-off"><h1>Single sign-on is turned off</h1>
<p class="alert warn" role="alert">${REASONS.sso_disabled}</p>
<p>${NEXT_STEP.sso_disabled}</p>
<p class="hint">Reason code: <code class="mono" data-reason="sso_disabled">sso_disabled</code></p>
<p><a class="button secondary" href="/">Back to the sign-in page</a></p></section>`,
      );
      return;
    }
    if (!isConfigured(settings)) {
      ctx.status = 409;
      renderPage(
        ctx,
        'Single sign-on is not set up',
        html`<section class="card narrow"><h1>Single sign-on is not set up</h1>
<p class="alert warn" role="alert">Single sign-on is not set up for this site yet. Sign in with your username and password, or ask your administrator to configure it under Account &amp; Settings → Users → Single Sign-On (SSO).</p>
<p class="hint">Reason code: <code class="mono" data-reason="sso_not_configured">sso_not_configured</code></p>
<p><a class="button secondary" href="/">Back to the sign-in page</a></p></section>`,
      );
      return;
    }
    ctx.state.ssoSettings = settings;
    await next();
  };

  const sendAuthnRequest: Middleware = async (ctx) => {
    const settings = ctx.state.ssoSettings as SsoSettings;
    const tenant = ctx.state.tenant;
    const now = clock.now();
    const id = newSamlId();
    // saml-core §3.4.1: answered at our ACS over HTTP-POST.
    const xml = buildAuthnRequest({
      id,
      issueInstant: now,
      destination: settings.remoteSignInUrl,
      issuer: spEntityId(tenant, settings),
      assertionConsumerServiceUrl: acsUrl(tenant),
      protocolBinding: BINDING.post,
    });
    await store.pendingRequests.add(tenant.id, id, new Date(now.getTime() + PENDING_REQUEST_TTL_SECONDS * 1000));
    // Shown in the sign-in trace of the Response that answers it (views/sign-in-log.ts).
    await store.sentAuthnRequests.add({
      tenant: tenant.id,
      id,
      xml,
      expiresAt: new Date(now.getTime() + config.traceRetentionDays * 86_400_000),
    });
    if (config.samlTrace) logger.trace({ authnRequest: xml }, 'SP-initiated AuthnRequest');
    const relay = safeReturnPath(ctx.query.RelayState ?? ctx.query.return, tenant.origin);
    ctx.redirect(buildRedirectUrl(settings.remoteSignInUrl, { SAMLRequest: encodeRedirect(xml), ...(relay ? { RelayState: relay } : {}) }));
  };

  return [noCache, requireConfiguredSso, limitPendingSignIns(deps), sendAuthnRequest];
}
