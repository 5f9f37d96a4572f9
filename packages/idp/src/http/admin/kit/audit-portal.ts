// Every portal POST is an `admin_portal` Directory Insights event.
import { toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../../deps.js';

/** Records each portal action (who, what, outcome) as an `admin_portal` event. */
export const auditPortal =
  ({ services }: IdpDeps): Middleware =>
  async (ctx, next) => {
    if (ctx.method !== 'POST') return next();
    let code: string | null = null;
    try {
      await next();
      code = ctx.state.portalFailure ?? null;
    } catch (err) {
      code = toSamlbridgeError(err).code;
      throw err;
    } finally {
      const admin = ctx.state.admin;
      if (admin) {
        await services.events.record({
          type: 'admin_portal',
          initiator: `admin:${admin.email}`,
          resource: `POST ${ctx.path}`,
          success: code === null,
          reason: code,
        });
      }
    }
  };
