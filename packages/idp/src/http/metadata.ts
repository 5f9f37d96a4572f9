import { buildIdpMetadata } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import type { IdpDeps } from './deps.js';
import { idpSloUrl } from './slo/chain.js';
import { findApplication } from './sso/read-request.js';
import { requireApp, ssoState } from './sso/state.js';

/** saml-metadata §2.4.3: one EntityDescriptor per application (its own entity ID and SSO URL). */
const sendMetadata =
  ({ signing }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = requireApp(ssoState(ctx));
    ctx.type = 'application/samlmetadata+xml';
    ctx.body = buildIdpMetadata({
      entityId: app.idpEntityId,
      certificatePem: signing.certificatePem,
      ssoRedirectUrl: app.ssoUrl,
      ssoPostUrl: app.ssoUrl,
      sloUrl: idpSloUrl(app),
      nameIdFormats: [app.nameIdFormat],
      wantAuthnRequestsSigned: false,
    });
  };

/** JumpCloud's "IDP Certificate Valid > Download certificate" → certificate.pem. */
const sendCertificate =
  ({ signing }: IdpDeps): Middleware =>
  async (ctx) => {
    ctx.type = 'application/x-pem-file';
    ctx.attachment('certificate.pem');
    ctx.body = signing.certificatePem;
  };

export function metadataRoutes(deps: IdpDeps) {
  return {
    metadata: [findApplication(deps), sendMetadata(deps)],
    certificate: [findApplication(deps), sendCertificate(deps)],
  };
}
