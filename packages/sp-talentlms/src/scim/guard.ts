// Who may call /api/scim2: the tenant's SCIM API key (RFC 6750 bearer), then a per-tenant request rate.
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { ScimError } from './errors.js';

const KEY_MESSAGES = {
  scim_disabled: 'SCIM v2 user provisioning is not enabled for this account',
  bad_key: 'The API key is not valid: copy the current key from Account & Settings → Users → Single Sign-On (SSO)',
} as const;

export function requireScimKey({ services }: SpDeps): Middleware {
  return async function requireScimKey(ctx, next) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
    if (!m) {
      ctx.set('WWW-Authenticate', 'Bearer realm="scim"');
      throw new ScimError(401, undefined, 'Send the SCIM API key as "Authorization: Bearer <key>"');
    }
    const check = await services.account.checkScimKey(ctx.state.tenant.id, m[1] as string);
    if (check === 'scim_disabled' || check === 'bad_key') {
      ctx.set('WWW-Authenticate', 'Bearer realm="scim", error="invalid_token"');
      throw new ScimError(401, undefined, KEY_MESSAGES[check]);
    }
    if (check === 'sso_not_configured') {
      throw new ScimError(403, undefined, 'SAML SSO must be configured for SCIM: complete the Single Sign-On (SSO) settings first');
    }
    await next();
  };
}

/**
 * Fixed windows (`SP_SCIM_RATE_LIMIT_WINDOW_SECONDS`, default one minute) counted in the store (not in process
 * memory), so several SP instances behind a load balancer share one limit per tenant and a restart does not reset
 * it; the cost is one upsert per request. Every answer says the budget (draft-ietf-httpapi-ratelimit-headers-09):
 * `RateLimit-Policy: "scim";q=<requests>;w=<seconds>` and `RateLimit: "scim";r=<remaining>;t=<seconds to reset>`,
 * so a client can pace itself instead of running into 429s.
 */
export function scimRateLimit({ store, clock, config }: SpDeps): Middleware {
  return async function scimRateLimit(ctx, next) {
    const perMinute = config.scimRateLimitPerMinute;
    if (perMinute > 0) {
      const windowMs = (config.scimRateLimitWindowSeconds ?? 60) * 1000;
      const limit = Math.max(1, Math.round((perMinute * windowMs) / 60_000));
      const now = clock.now().getTime();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const hits = await store.rateLimits.hit(`scim:${ctx.state.tenant.id}`, new Date(windowStart));
      const resetSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
      ctx.set('RateLimit-Policy', `"scim";q=${limit};w=${windowMs / 1000}`);
      ctx.set('RateLimit', `"scim";r=${Math.max(0, limit - hits)};t=${resetSeconds}`);
      if (hits > limit) {
        ctx.set('Retry-After', String(resetSeconds));
        throw new ScimError(
          429,
          undefined,
          `Too many requests: at most ${perMinute} SCIM requests per minute. Retry after the time in Retry-After.`,
        );
      }
    }
    await next();
  };
}
