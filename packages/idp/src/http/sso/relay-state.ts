// IdP-initiated launches (`/saml2/{app}?RelayState=…`, or the same field in a POST): the RelayState the SP
// receives decides where it sends the person after sign-in, so only safe targets pass (SECURITY.md, open
// redirects): a plain relative path of at most 80 bytes (saml-bindings §3.4.3 / §3.5.3), or an entry of the
// application's allowed list. Anything else is replaced by the application's default RelayState.

import type { ResolvedApplication } from '../../domain.js';
import { DEFAULT_SSO_OPTIONS, relayStateProblem } from '../../services/sso-options.js';
import type { IdpDeps } from '../deps.js';

/** The RelayState an IdP-initiated Response carries: the requested one when safe, else the default. */
export async function idpInitiatedRelayState(
  { store, logger }: Pick<IdpDeps, 'store' | 'logger'>,
  app: ResolvedApplication,
  requested: string | undefined,
): Promise<string | undefined> {
  const fallback = app.defaultRelayState || undefined;
  if (requested === undefined || requested === '') return fallback;
  const problem = relayStateProblem(requested, (await store.ssoOptions.get(app.id)) ?? DEFAULT_SSO_OPTIONS);
  if (problem === undefined) return requested;
  // The value itself is not logged: it is whatever a link's author put there.
  logger.info(
    { application: app.name, bytes: Buffer.byteLength(requested, 'utf8'), problem },
    'IdP-initiated RelayState refused; default used',
  );
  return fallback;
}
