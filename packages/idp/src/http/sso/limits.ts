// Explicit size limits on the SSO IdP URL, enforced before anything is decoded, inflated or parsed.
// AuthnRequests are small (a few KiB even signed with a certificate in KeyInfo), so the limits are tight.

import type { SamlError } from '@samlbridge/protocol';
import { parseBody } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { ssoError } from './sso-errors.js';

const KiB = 1024;

export const SSO_LIMITS = {
  /** The whole query string of a GET (HTTP-Redirect binding: SAMLRequest + RelayState + SigAlg + Signature). */
  queryBytes: 8 * KiB,
  /** The whole form body of a POST (HTTP-POST binding). */
  formBytes: 64 * KiB,
  /** The SAMLRequest parameter as received (base64 of DEFLATE, or base64 of XML). */
  encodedBytes: 48 * KiB,
  /** The AuthnRequest XML after base64 / inflation: a deflate bomb stops here (saml-bindings §3.4.4.1). */
  xmlBytes: 32 * KiB,
} as const;

function tooLarge(what: string, limit: number): SamlError {
  return ssoError(
    'message_too_large',
    `The sign-in request is too large (${what} over ${limit / KiB} KiB). Go back to the application and try again; if it keeps happening, tell the application's administrator.`,
  );
}

/** Refuses an oversized query or declared body with a 413 page before the body is read. */
export const limitSsoMessage: Middleware = async (ctx, next) => {
  if (Buffer.byteLength(ctx.querystring, 'utf8') > SSO_LIMITS.queryBytes) throw tooLarge('query string', SSO_LIMITS.queryBytes);
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > SSO_LIMITS.formBytes) throw tooLarge('form body', SSO_LIMITS.formBytes);
  await next();
};

/** Form parsing capped at formBytes (a chunked body without Content-Length stops there too), with the same page. */
export function parseSsoBody(): Middleware {
  const parse = parseBody({ formLimit: `${SSO_LIMITS.formBytes / KiB}kb`, jsonLimit: '1kb' });
  return async (ctx, next) => {
    let parsed = false;
    try {
      await parse(ctx, async () => {
        parsed = true;
      });
    } catch (err) {
      if ((err as { status?: number }).status === 413) throw tooLarge('form body', SSO_LIMITS.formBytes);
      throw err;
    }
    if (parsed) await next();
  };
}
