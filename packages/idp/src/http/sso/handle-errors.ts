import { SamlError } from '@samlbridge/protocol';
import { toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import { errorResponseXml, sendSamlPost } from './issue-response.js';
import { ssoState } from './state.js';

/**
 * Every SSO rejection becomes an `sso_auth` event. When the problem is about the user and the
 * ACS is registered (SP-initiated), the SP gets a signed non-Success Response (saml-core §3.2.2.2);
 * everything else becomes an error page — never a Response to an ACS we have not verified.
 */
export const handleSsoErrors =
  (deps: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    try {
      await next();
    } catch (thrown) {
      const err = toSamlbridgeError(thrown);
      const event = {
        type: 'sso_auth',
        initiator: s.user?.username ?? 'anonymous',
        userId: s.user?.id ?? null,
        username: s.user?.username ?? null,
        application: s.app?.name ?? (typeof ctx.params?.app === 'string' ? ctx.params.app : null),
        success: false,
        reason: err.code,
        detail: {
          initiatedBy: s.initiatedBy,
          binding: s.binding ?? null,
          requestId: s.parsed?.id ?? null,
          status: err.status,
          traceId: s.trace?.id ?? null,
        },
      } as const;
      // One row per address, reason and window (sso-rejections.ts); without the aggregator (hand-built deps), one each.
      // The trace goes with the event it belongs to (trace-recorder.ts).
      const keepTrace = () => s.trace?.keep();
      if (deps.rejections) await deps.rejections.record(ctx.ip, event, keepTrace);
      else {
        await deps.services.events.record(event);
        keepTrace();
      }
      if (err instanceof SamlError && err.canRespond && err.samlStatus && s.app && s.pending) {
        deps.logger.info({ application: s.app.name, code: err.code, inResponseTo: s.pending.id }, 'SAML error Response sent');
        const xml = await errorResponseXml(deps, s.app, s.pending.acsUrl, s.pending.id, err.samlStatus);
        if (deps.config.samlTrace) deps.logger.trace({ application: s.app.name, xml }, 'error Response issued');
        sendSamlPost(ctx, s.pending.acsUrl, xml, s.relayState);
        return;
      }
      throw err;
    }
  };
