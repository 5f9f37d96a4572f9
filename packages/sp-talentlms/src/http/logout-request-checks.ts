// The checks every LogoutRequest from the IdP passes at this SP, whatever binding brought it (Redirect, POST or
// SOAP), after its signature verified: saml-profiles §4.4.4.1 Issuer, saml-bindings Destination, saml-core §3.7.1
// NotOnOrAfter, and saml-core §3.7.3.1 acted on once (the ID remembered on every instance until it could no longer
// be accepted).
import type { ParsedLogoutRequest } from '@samlbridge/protocol';
import type { SpDeps } from '../deps.js';
import type { SsoSettings } from '../sso/settings.js';
import type { Tenant } from '../tenant.js';

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
