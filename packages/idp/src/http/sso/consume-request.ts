// One answer per AuthnRequest. saml-core §1.3.4: a request ID names one message, so the same ID posted
// again (a replay, a browser's Back button, two tabs, two load-balanced instances) gets an error page,
// never a second Response.

import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { currentUser } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';
import { ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

/** What the error page offers a signed-in, authorized person instead of a dead end. */
export interface ContinueLink {
  href: string;
  label: string;
}

/**
 * WHEN the ID is consumed: here, once the request has passed every check (signature, Issuer, ACS,
 * Destination, freshness) and before the session step — not when the Response is issued. Two reasons:
 * - at this moment checkFreshness has just accepted IssueInstant, so keeping the ID until IssueInstant +
 *   IDP_REQUEST_MAX_AGE_SECONDS + IDP_CLOCK_SKEW_SECONDS covers every later copy (checkFreshness refuses
 *   it after that). Consuming at issuance, possibly after a sign-in of up to IDP_LOGIN_FLOW_TTL_SECONDS,
 *   would need a longer, less obvious retention;
 * - a request that goes to the sign-in page lives on as its login flow, which is itself single-use
 *   (loginFlows.delete is atomic): the flow carries the request's one answer through the sign-in. So each
 *   ID yields at most one immediate answer or one flow, hence at most one Response (success or error).
 * The INSERT … ON CONFLICT DO NOTHING is atomic, so two instances sharing PostgreSQL cannot both win.
 */
export const consumeRequestId =
  (deps: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    const r = s.parsed;
    if (!r) return next(); // IdP-initiated launch: no request to answer
    const app = requireApp(s);
    const expiresAt = new Date(r.issueInstant.getTime() + (deps.config.requestMaxAgeSeconds + deps.config.clockSkewSeconds) * 1000);
    const key = createHash('sha256').update(r.id, 'utf8').digest('hex');
    if (!(await deps.store.authnRequestIds.consume(app.id, key, expiresAt))) {
      const current = await currentUser(ctx, deps);
      let continueTo: ContinueLink | undefined;
      if (current) {
        s.user = current.user; // the audit event names who sent it again
        if (await deps.services.authorization.canLaunch(current.user.id, app.id)) {
          continueTo = { href: `/saml2/${encodeURIComponent(app.name)}`, label: `Continue to ${app.displayLabel}` };
        }
      }
      deps.logger.info({ application: app.name, requestId: r.id.slice(0, 100) }, 'AuthnRequest already answered; refused');
      throw ssoError(
        'request_replayed',
        `This sign-in request from ${app.displayLabel} was already answered, and each request is answered only once (your browser may have sent it again, for example after the Back button). ${
          continueTo
            ? `You are still signed in: use "${continueTo.label}" to open it again.`
            : `Go back to ${app.displayLabel} and sign in again.`
        }`,
        { details: continueTo ? { continueTo } : undefined },
      );
    }
    await next();
  };
