// SP metadata (saml-metadata §2.4.4): GET /simplesaml/module.php/saml/sp/metadata.php/{host}.

import { buildSpMetadata, ENCRYPTION_ALGORITHMS, KEY_TRANSPORT_ALGORITHMS, NAMEID_FORMAT } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { spError } from '../sp-errors.js';
import { acsUrl, hostSegmentMatches, spEntityId } from '../tenant.js';
import { sloUrl, spSigningKey } from './single-logout.js';
import { sloSoapUrl } from './single-logout-soap.js';

export function metadataEndpoint(deps: SpDeps): Middleware[] {
  const { services, encryptionKey } = deps;
  const checkHost: Middleware = async (ctx, next) => {
    if (!hostSegmentMatches(ctx.state.tenant, ctx.params?.host, ctx.hostname)) {
      throw spError('not_found', 'There is no SP metadata for this host here.');
    }
    await next();
  };
  const sendMetadata: Middleware = async (ctx) => {
    const settings = await services.sso.getSettings(ctx.state.tenant.id);
    // The key that signs this SP's LogoutRequests and LogoutResponses (saml-profiles §4.4.3.1): the IdP checks them with it.
    const signing = await spSigningKey(deps);
    ctx.type = 'application/samlmetadata+xml';
    ctx.body = buildSpMetadata({
      entityId: spEntityId(ctx.state.tenant, settings),
      assertionConsumerServiceUrl: acsUrl(ctx.state.tenant),
      authnRequestsSigned: false,
      wantAssertionsSigned: settings.requireSignedAssertion,
      nameIdFormat: NAMEID_FORMAT.unspecified,
      certificatePem: signing.certificatePem,
      singleLogoutServiceUrl: sloUrl(ctx.state.tenant),
      singleLogoutSoapUrl: sloSoapUrl(ctx.state.tenant),
      // What this SP decrypts: AES-GCM (CBC only when the tenant allows it), RSA-OAEP key transport.
      encryption: {
        certificatePem: encryptionKey.certificatePem,
        encryptionMethods: [
          ENCRYPTION_ALGORITHMS['aes256-gcm'],
          ENCRYPTION_ALGORITHMS['aes128-gcm'],
          ...(settings.allowCbcEncryption ? [ENCRYPTION_ALGORITHMS['aes256-cbc'], ENCRYPTION_ALGORITHMS['aes128-cbc']] : []),
          KEY_TRANSPORT_ALGORITHMS['rsa-oaep-mgf1p'],
          KEY_TRANSPORT_ALGORITHMS['rsa-oaep-sha256'],
        ],
      },
    });
  };
  return [checkHost, sendMetadata];
}
