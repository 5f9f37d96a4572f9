// The sign-in trace of every ACS request (http/sign-in-log.ts shows it to the Super Admin): the outcome and its
// reason, the verifier's checks in order with expected and received values, where the Response was posted, and
// the Response as received (decoded from base64; an EncryptedAssertion stays encrypted). Kept for
// SP_TRACE_RETENTION_DAYS; each recorded sign-in also sweeps one batch of expired traces. Never holds keys or
// passwords: a Response carries neither.
import { randomUUID } from 'node:crypto';
import { BINDING, type ResponseCheck } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { acsUrl } from '../tenant.js';

declare module 'koa' {
  interface DefaultState {
    /** The verifier appends its checks here (acs.ts acceptResponse). */
    signInChecks?: ResponseCheck[];
  }
}

const DAY_MS = 86_400_000;
/** Expired traces removed per recorded sign-in. */
export const TRACE_SWEEP_BATCH = 200;

function decoded(samlResponse: string | undefined): string | null {
  if (samlResponse === undefined) return null;
  const text = Buffer.from(samlResponse, 'base64').toString('utf8');
  return text.trimStart().startsWith('<') ? text : null;
}

export function recordSignInTrace({ store, clock, config, logger }: SpDeps): Middleware {
  return async (ctx, next) => {
    const checks: ResponseCheck[] = [];
    ctx.state.signInChecks = checks;
    let failure: { code?: unknown } | undefined;
    try {
      await next();
    } catch (err) {
      failure = (err ?? {}) as { code?: unknown };
      throw err;
    } finally {
      const now = clock.now();
      const acs = ctx.state.acs;
      const verified = acs?.verified;
      try {
        await store.signInTraces.add({
          id: randomUUID(),
          tenant: ctx.state.tenant.id,
          at: now,
          expiresAt: new Date(now.getTime() + config.traceRetentionDays * DAY_MS),
          success: failure === undefined && ctx.status < 400,
          reason: failure === undefined ? null : typeof failure.code === 'string' ? failure.code : 'internal_error',
          user: acs?.lmsUser?.login ?? verified?.nameId ?? null,
          acsUrl: acsUrl(ctx.state.tenant),
          binding: BINDING.post,
          inResponseTo: verified?.inResponseTo ?? null,
          checks,
          responseXml: decoded(acs?.samlResponse),
          signed: verified ? { ...verified.signed, encrypted: verified.encrypted } : null,
        });
        await store.signInTraces.sweep(now, { batch: TRACE_SWEEP_BATCH });
        await store.sentAuthnRequests.sweep(now, { batch: TRACE_SWEEP_BATCH });
      } catch (err) {
        // The sign-in's outcome stands without its trace.
        logger.error({ err }, 'sign-in trace not recorded');
      }
    }
  };
}
