// Signed AuthnRequests (saml-bindings §3.4.4.1 / §3.5.4, saml-core §5.4). Per application: when
// "require signed requests" is on, an unsigned, wrapped or badly signed request gets an error page, never a
// Response. HTTP-Redirect: verified over the raw query octets as received. HTTP-POST: the enveloped-signature
// verifier shared with the SP (@samlbridge/protocol verifyAuthnRequestPostSignature), then the request is re-read from the signed
// bytes alone.
import {
  type PostSignatureResult,
  parseAuthnRequest,
  verifyAuthnRequestPostSignature,
  verifyRedirectQuerySignature,
  XmlSignatureError,
} from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import type { RequestSigningSettings } from '../../store/types.js';
import type { IdpDeps } from '../deps.js';
import { type SsoErrorCode, ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

const refuse = (code: SsoErrorCode, message: string) => ssoError(code, message);
const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const INVALID: SsoErrorCode = 'request_signature_invalid';
const FORBIDDEN_ALGORITHM: SsoErrorCode = 'request_signature_algorithm_forbidden';

/**
 * The xmldsig steps shared with the SP (@samlbridge/protocol verifyAuthnRequestPostSignature): the single enveloped
 * signature of the request, shape (xmldsig §4), algorithm allow-list (SHA-1 only when the application allows it),
 * then core validation with the configured SP certificate(s) only. Failures become request_signature_* codes.
 */
function verifyPost(xml: string, certificates: string[], allowSha1: boolean, log: (problem: unknown) => void): PostSignatureResult {
  try {
    return verifyAuthnRequestPostSignature(xml, certificates, { allowSha1 });
  } catch (err) {
    if (!(err instanceof XmlSignatureError)) throw err;
    if (err.code === 'unexpected_signature') throw refuse(INVALID, err.message);
    if (err.code === 'signature_algorithm_forbidden') {
      throw refuse(FORBIDDEN_ALGORITHM, `The AuthnRequest is signed with an algorithm this application does not accept (${err.message}).`);
    }
    if (err.code === 'malformed_signature') {
      throw refuse(INVALID, `The AuthnRequest signature is not built the way XML signatures must be: ${err.message}.`);
    }
    log((err.details as { problem?: unknown } | undefined)?.problem);
    throw refuse(
      INVALID,
      'The AuthnRequest signature does not verify with the service provider certificate configured for this application.',
    );
  }
}

export const checkRequestSignature =
  ({ store, logger }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    if (s.requestXml === undefined || !s.parsed) return next();
    const app = requireApp(s);
    const settings: RequestSigningSettings = (await store.requestSigning.get(app.id)) ?? {
      requireSignedRequests: false,
      spCertificatePem: '',
      allowSha1: false,
    };
    const certificates = settings.spCertificatePem.match(PEM_BLOCKS) ?? [];
    if (certificates.length === 0) {
      if (settings.requireSignedRequests) {
        throw refuse(
          'request_signature_required',
          `${app.displayLabel} requires signed requests, but no service provider certificate is configured. Ask your administrator.`,
        );
      }
      s.trace?.requestSignature('not checked: no service provider certificate is configured for this application');
      return next();
    }
    if (s.binding === 'redirect') {
      let result: ReturnType<typeof verifyRedirectQuerySignature>;
      try {
        result = verifyRedirectQuerySignature(ctx.querystring, certificates, { allowSha1: settings.allowSha1 });
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (code.startsWith('signature_algorithm')) {
          throw refuse(
            'request_signature_algorithm_forbidden',
            'The AuthnRequest is signed with an algorithm this application does not accept.',
          );
        }
        throw refuse(
          'request_signature_invalid',
          'The AuthnRequest signature does not verify with the service provider certificate configured for this application.',
        );
      }
      if (!result.signed && settings.requireSignedRequests) {
        throw refuse('request_signature_required', `${app.displayLabel} accepts only signed requests, and this one was not signed.`);
      }
      s.trace?.requestSignature(
        result.signed ? 'verified: HTTP-Redirect query signature, with the configured SP certificate' : 'unsigned (signing not required)',
      );
      return next();
    }
    const post = verifyPost(s.requestXml, certificates, settings.allowSha1, (problem) =>
      logger.info({ application: app.name, reason: INVALID, problem }, 'AuthnRequest signature did not verify'),
    );
    if (!post.signed) {
      if (settings.requireSignedRequests) {
        throw refuse('request_signature_required', `${app.displayLabel} accepts only signed requests, and this one was not signed.`);
      }
      s.trace?.requestSignature('unsigned (signing not required)');
      return next();
    }
    // Only the signed bytes are read from here on.
    const reread = parseAuthnRequest(post.signedXml);
    if (reread.id !== s.parsed.id) throw refuse(INVALID, 'The signed bytes are not the AuthnRequest.');
    s.parsed = reread;
    s.trace?.requestSignature('verified: enveloped XML signature, with the configured SP certificate; read from the signed bytes');
    await next();
  };
