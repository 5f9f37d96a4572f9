import { buildIdpMetadata } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import { consoleError } from './console-errors.js';
import type { IdpDeps } from './deps.js';
import { idpSloUrl } from './slo/chain.js';
import { findApplication } from './sso/read-request.js';
import { requireApp, ssoState } from './sso/state.js';

/** saml-metadata §2.4.3: one EntityDescriptor per application (its own entity ID and SSO URL). */
const sendMetadata =
  ({ keys }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = requireApp(ssoState(ctx));
    ctx.type = 'application/samlmetadata+xml';
    ctx.body = buildIdpMetadata({
      entityId: app.idpEntityId,
      // Every published key (the active one, and the next or previous one during a rotation).
      certificatePem: keys.published().map((k) => k.certificatePem),
      ssoRedirectUrl: app.ssoUrl,
      ssoPostUrl: app.ssoUrl,
      sloUrl: idpSloUrl(app),
      nameIdFormats: [app.nameIdFormat],
      wantAuthnRequestsSigned: false,
    });
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
