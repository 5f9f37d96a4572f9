// The checks of every logout message to this SP: its tenant has SSO set up (singleLogoutSettings); and a LogoutRequest
// from the IdP, whatever binding brought it (Redirect, POST or SOAP), after its signature verified: saml-profiles
// §4.4.4.1 Issuer, saml-bindings Destination, saml-core §3.7.1 NotOnOrAfter, and saml-core §3.7.3.1 acted on once
// (the ID remembered on every instance until it could no longer be accepted).
import type { ParsedLogoutRequest } from '@samlbridge/protocol';
import type { ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import { spError } from '../sp-errors.js';
import { isConfigured, type SsoSettings } from '../sso/settings.js';
import { hostSegmentMatches, type Tenant } from '../tenant.js';

/** The SSO settings of the tenant a Single Logout endpoint serves; 404 for another tenant's URL or when SSO is not set up. */
export async function singleLogoutSettings({ services }: Pick<SpDeps, 'services'>, ctx: ParameterizedContext): Promise<SsoSettings> {
  const tenant = ctx.state.tenant;
  if (!hostSegmentMatches(tenant, ctx.params?.host, ctx.hostname)) throw spError('not_found');
  const settings = await services.sso.getSettings(tenant.id);
  if (!isConfigured(settings)) throw spError('not_found', 'Single sign-on is not set up for this site.');
  return settings;
}

/** Why `request` cannot be acted on, in words; `undefined` when it can (its ID is then remembered as used). */
export async function logoutRequestProblem(
  { store, config }: Pick<SpDeps, 'store' | 'config'>,
  request: ParsedLogoutRequest,
  at: { tenant: Tenant; settings: SsoSettings; destination: string; now: Date },
): Promise<string | undefined> {
  const { tenant, settings, destination, now } = at;
  if (request.issuer !== settings.idpEntityId) return 'The LogoutRequest comes from another identity provider.';
  if (request.destination !== undefined && request.destination !== destination) return 'The LogoutRequest is addressed to another URL.';
  const skewMs = config.clockSkewSeconds * 1000;
  if (request.notOnOrAfter && now.getTime() >= request.notOnOrAfter.getTime() + skewMs) return 'The LogoutRequest has expired.';
  const until = new Date((request.notOnOrAfter?.getTime() ?? now.getTime() + config.sessionTtlSeconds * 1000) + 2 * skewMs);
  if (!(await store.replay.remember(tenant.id, `logout:${request.id}`, until, now)))
    return 'This LogoutRequest was already used; sign-out happened the first time it arrived.';
  return undefined;
}
