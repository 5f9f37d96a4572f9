import { hashToken, safeEqual } from '@samlbridge/web';
import type { Middleware } from 'koa';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';

/** `x-api-key`: compared as SHA-256 digests in constant time against the stored (hashed) keys. */
export const requireApiKey =
  ({ store }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const sent = ctx.get('x-api-key');
    const hashes = sent ? await store.apiKeys.listHashes() : [];
    const digest = sent ? hashToken(sent) : '';
    let ok = false;
    for (const h of hashes) if (safeEqual(digest, h)) ok = true;
    if (!ok) {
      ctx.set('WWW-Authenticate', 'x-api-key');
      throw adminError('unauthorized');
    }
    await next();
  };
