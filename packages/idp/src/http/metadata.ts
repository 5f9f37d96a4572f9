import { buildIdpMetadata, newSamlId } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import { acceptedNameIdFormats, DEFAULT_SSO_OPTIONS } from '../services/sso-options.js';
import { consoleError } from './console-errors.js';
import type { IdpDeps } from './deps.js';
import { idpSloUrl } from './slo/chain.js';
import { findApplication } from './sso/read-request.js';
import { requireApp, ssoState } from './sso/state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * saml-metadata §2.4.3: one EntityDescriptor per application (its own entity ID and SSO URL), saying what the
 * application really does: WantAuthnRequestsSigned from "require signed requests", every NameIDFormat it
 * accepts (configured first), validUntil and cacheDuration from the settings. `?signed=1`: enveloped
 * signature with the IdP signing key (saml-metadata §3).
 */
const sendMetadata =
  ({ keys, store, config, clock }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = requireApp(ssoState(ctx));
    const [requestSigning, options] = await Promise.all([store.requestSigning.get(app.id), store.ssoOptions.get(app.id)]);
    const signed = ctx.query.signed === '1' || ctx.query.signed === 'true';
    const xml = buildIdpMetadata({
      entityId: app.idpEntityId,
      // Every published key (the active one, and the next or previous one during a rotation).
      certificatePem: keys.published().map((k) => k.certificatePem),
      ssoRedirectUrl: app.ssoUrl,
      ssoPostUrl: app.ssoUrl,
      sloUrl: idpSloUrl(app),
      nameIdFormats: acceptedNameIdFormats(app, options ?? DEFAULT_SSO_OPTIONS),
      wantAuthnRequestsSigned: requestSigning?.requireSignedRequests ?? false,
      ...(signed ? { id: newSamlId() } : {}),
      validUntil: new Date(clock.now().getTime() + config.metadataValidDays * DAY_MS),
      cacheDurationSeconds: config.metadataCacheDurationSeconds,
    });
    ctx.type = 'application/samlmetadata+xml';
    ctx.body = signed ? keys.signer.signMetadata(xml) : xml;
  };

/** JumpCloud's "IDP Certificate Valid > Download certificate" → certificate.pem; `?key=next|previous`: the other published one. */
const sendCertificate =
  ({ keys }: IdpDeps): Middleware =>
  async (ctx) => {
    const wanted = typeof ctx.query.key === 'string' ? ctx.query.key : 'active';
    const key = keys.published().find((k) => k.state === wanted);
    if (!key) throw consoleError('not_found', `This IdP publishes no ${wanted} signing certificate.`);
    ctx.type = 'application/x-pem-file';
    ctx.attachment(wanted === 'active' ? 'certificate.pem' : `certificate-${wanted}.pem`);
    ctx.body = key.certificatePem;
  };

export function metadataRoutes(deps: IdpDeps) {
  return {
    metadata: [findApplication(deps), sendMetadata(deps)],
    certificate: [findApplication(deps), sendCertificate(deps)],
  };
}
