import { decodePost, decodeRedirect, parseAuthnRequest, SamlError } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import { MAX_RELAY_STATE_BYTES } from '../../services/application-input.js';
import { isConfigured } from '../../services/launchable.js';
import type { IdpDeps } from '../deps.js';
import { SSO_LIMITS } from './limits.js';
import { idpInitiatedRelayState } from './relay-state.js';
import { ssoError, ssoPageError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

/** `/saml2/:app` → the application (unknown → 404 page). */
export const findApplication =
  ({ configCache }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const name = String(ctx.params.app ?? '');
    const app = await configCache.application(name);
    if (!app) {
      throw ssoPageError('unknown_application', `There is no application "${name}" on this identity provider. Check the SSO URL.`);
    }
    ssoState(ctx).app = app;
    await next();
  };

/** JumpCloud's "Deactivate SSO": the application stays configured but nobody can sign in. */
export const checkSsoActive = (): Middleware => async (ctx, next) => {
  const app = requireApp(ssoState(ctx));
  if (app.kind === 'bookmark') {
    throw ssoPageError('not_a_saml_application', `${app.displayLabel} is a bookmark, not a single sign-on application.`);
  }
  if (app.ssoActive && !isConfigured(app)) {
    throw ssoPageError(
      'application_not_configured',
      `Single sign-on to ${app.displayLabel} is not configured yet. Ask your administrator to complete its SSO settings.`,
    );
  }
  if (!app.ssoActive) {
    throw ssoPageError(
      'application_deactivated',
      `Single sign-on to ${app.displayLabel} is deactivated. Ask your administrator to activate it.`,
    );
  }
  await next();
};

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ssoError('malformed_request', `The request carries ${name} more than once`);
  return value;
}

/**
 * SAMLRequest + RelayState from the HTTP-Redirect (query, deflated; saml-bindings §3.4.4.1) or
 * HTTP-POST binding (form field; saml-bindings §3.5.4). No SAMLRequest → IdP-initiated launch.
 */
export const readSamlRequest =
  (deps: IdpDeps): Middleware =>
  async (ctx, next) => {
    const { config, logger } = deps;
    const s = ssoState(ctx);
    const app = requireApp(s);
    const source = ctx.method === 'POST' ? ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) : ctx.query;
    const samlRequest = single(source.SAMLRequest, 'SAMLRequest');
    const relayState = single(source.RelayState, 'RelayState');
    if (samlRequest === undefined) {
      s.initiatedBy = 'idp';
      s.relayState = await idpInitiatedRelayState(deps, app, relayState);
      return next();
    }
    s.initiatedBy = 'sp';
    s.binding = ctx.method === 'POST' ? 'post' : 'redirect';
    if (relayState !== undefined) {
      const bytes = Buffer.byteLength(relayState, 'utf8');
      if (bytes > MAX_RELAY_STATE_BYTES) {
        throw ssoError(
          'relay_state_too_long',
          `The RelayState is ${bytes} bytes; this identity provider accepts up to ${MAX_RELAY_STATE_BYTES}.`,
        );
      }
      // saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes; many SPs send more, so we only note it.
      if (bytes > 80) logger.info({ application: app.name, bytes }, 'RelayState longer than 80 bytes accepted');
      s.relayState = relayState;
    }
    s.requestXml =
      s.binding === 'post'
        ? decodePost(samlRequest, { maxBytes: SSO_LIMITS.xmlBytes })
        : decodeRedirect(samlRequest, { maxInflatedBytes: SSO_LIMITS.xmlBytes, maxEncodedBytes: SSO_LIMITS.encodedBytes });
    if (config.samlTrace) logger.trace({ application: app.name, binding: s.binding, xml: s.requestXml }, 'AuthnRequest received');
    await next();
  };

/** saml-core §3.4.1; the parser refuses DTDs, processing instructions and anything not well-formed. */
export const parseRequest = (): Middleware => async (ctx, next) => {
  const s = ssoState(ctx);
  if (s.requestXml !== undefined) {
    try {
      s.parsed = parseAuthnRequest(s.requestXml, { maxBytes: SSO_LIMITS.xmlBytes });
    } catch (err) {
      if (err instanceof SamlError && err.code === 'processing_instruction_forbidden') {
        throw ssoError(
          'processing_instruction_forbidden',
          'The AuthnRequest contains an XML processing instruction (<?…?>), which this identity provider does not accept. Tell the administrator of the service provider that sent it.',
        );
      }
      throw err;
    }
  }
  await next();
};
