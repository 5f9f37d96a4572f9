import type { Middleware } from 'koa';
import { imageContent } from '../services/app-images.js';
import type { IdpDeps } from './deps.js';

/** `GET /images/applications/{id}`: the portal image (uploaded or bundled), served by the IdP — never hot-linked. */
export function applicationImage({ services }: IdpDeps): Middleware {
  return async (ctx) => {
    const app = await services.directory.findApplication(String(ctx.params.id ?? ''));
    const { type, body } = imageContent(app?.image ?? null);
    ctx.type = type;
    // An uploaded SVG opened directly must not run anything.
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.body = body;
  };
}
