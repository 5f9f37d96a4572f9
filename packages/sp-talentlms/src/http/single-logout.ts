// SAML Single Logout at the SP (saml-profiles §4.4): GET|POST /simplesaml/module.php/saml/sp/saml2-logout.php/{host}.
// A LogoutRequest from the IdP (signed; checked against the configured IdP certificate or fingerprint) ends the LMS
// session of that NameID/SessionIndex and is answered with a LogoutResponse signed by the SP's own key (generated at
// first start: {SP_DATA_DIR}/sp-signing.key, mode 0600). Sign-out with "use SAML Single Logout" sends our own
// LogoutRequest; the IdP's LogoutResponse to it lands here too and ends at the remote sign-out URL.
import { loadOrCreateKeyPair } from '@samlbridge/certs';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  decodePost,
  decodeRedirect,
  encodeRedirect,
  fingerprintMatches,
  type LogoutBinding,
  type MessageSigningKey,
  newSamlId,
  normalizeFingerprint,
  parseLogoutRequest,
  parseLogoutResponse,
  pemToDer,
  signRedirectQuery,
  verifyLogoutSignature,
} from '@samlbridge/protocol';
import { noCache, parseBody } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import { spError } from '../sp-errors.js';
import { isSsoOn, type SsoSettings } from '../sso/settings.js';
import { spEntityId, type Tenant } from '../tenant.js';
import { logoutRequestProblem, singleLogoutSettings } from './logout-request-checks.js';

export const SLO_PATH = '/simplesaml/module.php/saml/sp/saml2-logout.php';
const MAX_BYTES = 64 * 1024;
const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
// Read only to pick a candidate key for a fingerprint-trusted IdP; the signature check below decides.
const EMBEDDED_CERT = /<(?:\w+:)?X509Certificate>([A-Za-z0-9+/=\s]+)<\/(?:\w+:)?X509Certificate>/;

/** What the LMS session remembers of the assertion that started it (saml-core §2.7.2 SessionIndex). */
export interface SamlSessionInfo {
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
}

export function sloUrl(tenant: Tenant): string {
  return `${tenant.origin}${SLO_PATH}/${tenant.host}`;
}

const keys = new WeakMap<SpDeps['config'], Promise<MessageSigningKey>>();

/** The SP's signing key pair, created on first use under the data folder (loaded once per SP). */
export function spSigningKey({ config }: Pick<SpDeps, 'config'>): Promise<MessageSigningKey> {
  let key = keys.get(config);
  if (!key) {
    key = loadOrCreateKeyPair(config.dataDir, 'sp-signing', { commonName: new URL(config.baseUrl).hostname }).then((m) => ({
      privateKeyPem: m.privateKeyPem,
      certificatePem: m.certificatePem,
    }));
    keys.set(config, key);
  }
  return key;
}

export function idpSloUrl(settings: SsoSettings): string {
  return settings.idpSingleLogoutUrl || `${settings.remoteSignInUrl.replace(/\/$/, '')}/slo`;
}

function withQuery(endpoint: string, query: string): string {
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`;
}

/** The IdP certificates to verify with: the configured PEMs, or the embedded one when its fingerprint is trusted. */
export function trustedCertificates(settings: SsoSettings, xml: string, binding: LogoutBinding): string[] {
  const pems: string[] = [...(settings.certificatePem.match(PEM_BLOCKS) ?? [])];
  if (binding === 'post' && settings.certificateFingerprints.length > 0) {
    const body = EMBEDDED_CERT.exec(xml)?.[1]?.replace(/\s+/g, '');
    if (body) {
      const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
      const expected = settings.certificateFingerprints.map((f) => normalizeFingerprint(f));
      try {
        if (fingerprintMatches(pemToDer(pem), expected)) pems.push(pem);
      } catch {
        // Not a certificate: it is not trusted, and the signature check then refuses the message with its reason.
      }
    }
  }
  return pems;
}

/** Sign-out hook: when SAML Single Logout is on and the session came from SSO, send our LogoutRequest. True if sent. */
export async function sendSpLogoutRequest(
  ctx: ParameterizedContext,
  deps: SpDeps,
  settings: SsoSettings,
  saml: SamlSessionInfo | undefined,
): Promise<boolean> {
  if (!settings.useSamlSingleLogout || !saml || !isSsoOn(settings)) return false;
  const tenant = ctx.state.tenant;
  const now = deps.clock.now();
  const id = newSamlId();
  const xml = buildLogoutRequest({
    id,
    issueInstant: now,
    issuer: spEntityId(tenant, settings),
    destination: idpSloUrl(settings),
    nameId: { value: saml.nameId, ...(saml.nameIdFormat ? { format: saml.nameIdFormat } : {}) },
    sessionIndexes: saml.sessionIndex ? [saml.sessionIndex] : [],
    notOnOrAfter: new Date(now.getTime() + 5 * 60_000),
  });
  await deps.store.pendingRequests.add(tenant.id, id, new Date(now.getTime() + 15 * 60_000));
  const key = await spSigningKey(deps);
  ctx.redirect(withQuery(idpSloUrl(settings), signRedirectQuery({ SAMLRequest: encodeRedirect(xml), privateKeyPem: key.privateKeyPem })));
  return true;
}

export function singleLogoutEndpoint(deps: SpDeps): Middleware[] {
  const { services, store, clock, config, logger } = deps;

  const handle: Middleware = async (ctx) => {
    const tenant = ctx.state.tenant;
    const settings = await singleLogoutSettings(deps, ctx);
    const post = ctx.method === 'POST';
    const source = (post ? (ctx.request as { body?: Record<string, unknown> }).body : ctx.query) ?? {};
    const value = source.SAMLRequest ?? source.SAMLResponse;
    if (typeof value !== 'string') throw spError('logout_invalid', 'Expected a SAMLRequest or SAMLResponse.');
    const binding: LogoutBinding = post ? 'post' : 'redirect';
    const xml = post ? decodePost(value, { maxBytes: MAX_BYTES }) : decodeRedirect(value, { maxInflatedBytes: MAX_BYTES });
    if (config.samlTrace) logger.trace({ xml }, 'logout message received');
    // saml-profiles §4.4.3.1/§4.4.4.1: logout messages must be signed; only the IdP's key is trusted.
    let signed: ReturnType<typeof verifyLogoutSignature>;
    try {
      signed = verifyLogoutSignature({
        binding,
        xml,
        rawQuery: ctx.querystring,
        certificates: trustedCertificates(settings, xml, binding),
        allowSha1: settings.allowSha1,
        maxBytes: MAX_BYTES,
      });
    } catch (err) {
      logger.info({ problem: (err as Error).message }, 'logout message signature refused');
      throw spError('logout_signature_invalid', 'The logout message signature does not verify with the identity provider certificate.');
    }
    if (!signed.signed)
      throw spError('logout_signature_invalid', 'The logout message is not signed; this site accepts only signed logout messages.');
    const now = clock.now();
    if (source.SAMLRequest !== undefined) {
      const request = parseLogoutRequest(signed.signedXml, { maxBytes: MAX_BYTES });
      const problem = await logoutRequestProblem(deps, request, { tenant, settings, destination: sloUrl(tenant), now });
      if (problem) throw spError('logout_invalid', problem);
      const until = new Date(now.getTime() + config.sessionTtlSeconds * 1000);
      for (const index of request.sessionIndexes) await store.endedSamlSessions.end(tenant.id, index, until, now);
      const own = ctx.state.session.get<SamlSessionInfo>('saml');
      if (own && own.nameId === request.nameId.value) ctx.state.session.destroy();
      await services.audit.record({
        tenant: tenant.id,
        type: 'logout',
        success: true,
        user: request.nameId.value,
        detail: 'saml_single_logout',
      });
      const response = buildLogoutResponse({
        id: newSamlId(),
        inResponseTo: request.id,
        issueInstant: now,
        issuer: spEntityId(tenant, settings),
        destination: idpSloUrl(settings),
        status: { code: 'Success' },
      });
      const key = await spSigningKey(deps);
      const relay = typeof source.RelayState === 'string' ? source.RelayState : undefined;
      ctx.redirect(
        withQuery(
          idpSloUrl(settings),
          signRedirectQuery({
            SAMLResponse: encodeRedirect(response),
            ...(relay ? { RelayState: relay } : {}),
            privateKeyPem: key.privateKeyPem,
          }),
        ),
      );
      return;
    }
    const response = parseLogoutResponse(signed.signedXml, { maxBytes: MAX_BYTES });
    if (response.issuer !== undefined && response.issuer !== settings.idpEntityId)
      throw spError('logout_invalid', 'The LogoutResponse comes from another identity provider.');
    if (!response.inResponseTo || !(await store.pendingRequests.consume(tenant.id, response.inResponseTo, now))) {
      throw spError('logout_invalid', 'This LogoutResponse does not answer a sign-out of this site.');
    }
    ctx.redirect(settings.remoteSignOutUrl || '/');
  };

  return [noCache, parseBody({ formLimit: '128kb', jsonLimit: '1kb' }), handle];
}

/** Mounted after loadUser: an LMS session whose IdP session was logged out (on any instance) ends. */
export function dropLoggedOutSessions(deps: Pick<SpDeps, 'store'>): Middleware {
  return async (ctx, next) => {
    const saml = ctx.state.session.get<SamlSessionInfo>('saml');
    if (ctx.state.user && saml?.sessionIndex && (await deps.store.endedSamlSessions.isEnded(ctx.state.tenant.id, saml.sessionIndex))) {
      ctx.state.session.destroy();
      ctx.state.user = undefined;
      ctx.state.signedInVia = undefined;
    }
    await next();
  };
}
