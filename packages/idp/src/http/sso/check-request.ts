import { BINDING } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import { ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

/** saml-core §3.2.1 Issuer: the request must come from the SP this application is configured for. */
export const checkIssuer = (): Middleware => async (ctx, next) => {
  const s = ssoState(ctx);
  const app = requireApp(s);
  if (s.parsed) {
    const issuer = s.parsed.issuer;
    if (!issuer) throw ssoError('missing_issuer');
    if (issuer !== app.spEntityId) {
      throw ssoError(
        'unknown_issuer',
        `The AuthnRequest comes from "${issuer}", but ${app.displayLabel} is configured for the service provider "${app.spEntityId}". Check the SP entity ID in the application's SSO settings.`,
      );
    }
  }
  await next();
};

/**
 * saml-core §3.4.1: AssertionConsumerServiceURL or AssertionConsumerServiceIndex (never both);
 * neither → the default ACS. A Response only ever goes to a URL registered for the application
 * (saml-profiles §4.1.4.1), so an unregistered ACS gets an error page, never a Response.
 */
export const checkAcsUrl = (): Middleware => async (ctx, next) => {
  const s = ssoState(ctx);
  const app = requireApp(s);
  const r = s.parsed;
  if (!r) return next();
  let acsUrl: string | undefined;
  if (r.assertionConsumerServiceUrl !== undefined && r.assertionConsumerServiceIndex !== undefined) {
    throw ssoError('malformed_request', 'The AuthnRequest carries both AssertionConsumerServiceURL and AssertionConsumerServiceIndex.');
  }
  if (r.assertionConsumerServiceUrl !== undefined) {
    if (!app.acsUrls.includes(r.assertionConsumerServiceUrl)) {
      throw ssoError(
        'acs_not_registered',
        `The AssertionConsumerServiceURL "${r.assertionConsumerServiceUrl}" is not registered for ${app.displayLabel}. An administrator can add it to the application's ACS URLs.`,
      );
    }
    acsUrl = r.assertionConsumerServiceUrl;
  } else if (r.assertionConsumerServiceIndex !== undefined) {
    acsUrl = app.acsUrls[r.assertionConsumerServiceIndex];
    if (!acsUrl) {
      throw ssoError(
        'acs_not_registered',
        `The AssertionConsumerServiceIndex ${r.assertionConsumerServiceIndex} does not match a registered ACS URL of ${app.displayLabel} (it has ${app.acsUrls.length}).`,
      );
    }
  } else {
    acsUrl = app.acsUrls[0] as string;
  }
  s.pending = {
    id: r.id,
    acsUrl,
    forceAuthn: r.forceAuthn,
    isPassive: r.isPassive,
    issuer: r.issuer ?? app.spEntityId,
    requestedAuthnContext: r.requestedAuthnContext,
  };
  // From here on the ACS is trusted. saml-core §3.4.1 ProtocolBinding: we answer with HTTP-POST only.
  if (r.protocolBinding !== undefined && r.protocolBinding !== BINDING.post) {
    throw ssoError(
      'unsupported_binding',
      `The AuthnRequest asks for the Response over ${r.protocolBinding}; only HTTP-POST is supported.`,
      { canRespond: true, samlStatus: { code: 'Requester', subCode: 'UnsupportedBinding' } },
    );
  }
  await next();
};

/** saml-bindings §3.4.5.2 / §3.5.5.2: a Destination, when present, must be this SSO URL. */
export const checkDestination = (): Middleware => async (ctx, next) => {
  const s = ssoState(ctx);
  const app = requireApp(s);
  const destination = s.parsed?.destination;
  if (destination !== undefined && destination !== app.ssoUrl) {
    throw ssoError(
      'destination_mismatch',
      `The AuthnRequest is addressed to "${destination}", not to this application's SSO URL "${app.ssoUrl}". Check the SSO URL configured in the service provider.`,
    );
  }
  await next();
};

/** IssueInstant must be recent: within IDP_REQUEST_MAX_AGE_SECONDS, ± IDP_CLOCK_SKEW_SECONDS. */
export const checkFreshness =
  ({ config, clock }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const r = ssoState(ctx).parsed;
    if (r) {
      const now = clock.now().getTime();
      const skew = config.clockSkewSeconds * 1000;
      const issued = r.issueInstant.getTime();
      if (issued < now - config.requestMaxAgeSeconds * 1000 - skew) {
        throw ssoError(
          'request_expired',
          `The AuthnRequest was issued at ${r.issueInstant.toISOString()}, more than ${config.requestMaxAgeSeconds} seconds ago. Go back to the application and sign in again.`,
        );
      }
      if (issued > now + skew) {
        throw ssoError(
          'request_not_yet_valid',
          `The AuthnRequest was issued at ${r.issueInstant.toISOString()}, in the future. Check the service provider's clock.`,
        );
      }
    }
    await next();
  };
