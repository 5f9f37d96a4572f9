// Signed AuthnRequests (saml-bindings §3.4.4.1 / §3.5.4, saml-core §5.4). Per application: when
// "require signed requests" is on, an unsigned, wrapped or badly signed request gets an error page, never a
// Response. HTTP-Redirect: verified over the raw query octets as received. HTTP-POST: the enveloped-signature
// verifier shared with the SP (@samlbridge/protocol xml-signature), then the request is re-read from the signed
// bytes alone.
import {
  checkSignatureAlgorithms,
  checkSignatureShape,
  childElementsNS,
  isEnvelopedReference,
  NS,
  parseAuthnRequest,
  parseXml,
  verifyEnvelopedSignature,
  verifyRedirectQuerySignature,
  XmlSignatureError,
} from '@samlbridge/protocol';
import type { Element } from '@xmldom/xmldom';
import type { Middleware } from 'koa';
import type { RequestSigningSettings } from '../../store/types.js';
import type { IdpDeps } from '../deps.js';
import { type SsoErrorCode, ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

const refuse = (code: SsoErrorCode, message: string) => ssoError(code, message);
const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const INVALID: SsoErrorCode = 'request_signature_invalid';
const FORBIDDEN_ALGORITHM: SsoErrorCode = 'request_signature_algorithm_forbidden';

/** The one enveloped signature of the AuthnRequest root: anything else (wrapped, several, elsewhere) is refused. */
function theSignature(xml: string): Element | undefined {
  const doc = parseXml(xml, { maxBytes: 64 * 1024 });
  const root = doc.documentElement as Element;
  const all = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  if (all.length === 0) return undefined;
  const own = childElementsNS(root, NS.ds, 'Signature');
  if (all.length !== 1 || own.length !== 1) {
    throw refuse(INVALID, 'The AuthnRequest carries a signature that is not the single enveloped signature of the request.');
  }
  const signature = own[0] as Element;
  if (!isEnvelopedReference(signature, root)) {
    throw refuse(INVALID, 'The AuthnRequest signature does not reference the AuthnRequest itself.');
  }
  return signature;
}

/**
 * The xmldsig steps shared with the SP (@samlbridge/protocol xml-signature): shape (xmldsig §4), algorithm
 * allow-list (SHA-1 only when the application allows it), then xml-crypto with the configured SP certificate(s)
 * only. Returns the canonical signed bytes; failures become request_signature_* codes.
 */
function verifyPost(xml: string, signature: Element, certificates: string[], allowSha1: boolean, log: (problem: unknown) => void): string {
  try {
    checkSignatureShape(signature);
    checkSignatureAlgorithms(signature, { allowSha1 });
    return verifyEnvelopedSignature(xml, signature, certificates);
  } catch (err) {
    if (!(err instanceof XmlSignatureError)) throw err;
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
      return next();
    }
    const signature = theSignature(s.requestXml);
    if (!signature) {
      if (settings.requireSignedRequests) {
        throw refuse('request_signature_required', `${app.displayLabel} accepts only signed requests, and this one was not signed.`);
      }
      return next();
    }
    const signed = verifyPost(s.requestXml, signature, certificates, settings.allowSha1, (problem) =>
      logger.info({ application: app.name, reason: INVALID, problem }, 'AuthnRequest signature did not verify'),
    );
    // Only the signed bytes are read from here on.
    const reread = parseAuthnRequest(signed);
    if (reread.id !== s.parsed.id) throw refuse(INVALID, 'The signed bytes are not the AuthnRequest.');
    s.parsed = reread;
    await next();
  };
