// An SP-initiated sign-in stores rows before anyone has signed in (the pending AuthnRequest ID, and the sent
// AuthnRequest for the sign-in log): one client address may start at most SP_PENDING_SIGNINS_PER_IP of them per
// window, counted in web's login_throttle table (one row per address, swept with the others), so a script
// cannot fill the database through GET /index/ssologin/service:saml.
import { html } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { renderPage } from '../views/layout.js';

export const PENDING_SIGNIN_WINDOW_SECONDS = 900;

export function limitPendingSignIns({ store, config, clock, logger }: SpDeps): Middleware {
  const rule = {
    max: config.pendingSignInsPerIp,
    windowSeconds: PENDING_SIGNIN_WINDOW_SECONDS,
    lockSeconds: PENDING_SIGNIN_WINDOW_SECONDS,
  };
  return async (ctx, next) => {
    const now = clock.now();
    const reservation = await store.loginThrottle.reserve(`pending-signin:${ctx.ip}`, rule, now);
    if (reservation.allowed) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(((reservation.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
    logger.info({ reason: 'too_many_pending_signins', tenant: ctx.state.tenant.id }, 'SP-initiated sign-in refused');
    ctx.status = 429;
    ctx.set('Retry-After', String(retryAfterSeconds));
    renderPage(
      ctx,
      'Too many sign-ins started',
      html`<section class="card narrow"><h1>Too many sign-ins started</h1>
<p class="alert warn" role="alert">Too many sign-ins were started from your network in the last ${PENDING_SIGNIN_WINDOW_SECONDS / 60} minutes. Wait a few minutes, then sign in again.</p>
<p class="hint">Reason code: <code class="mono" data-reason="too_many_pending_signins">too_many_pending_signins</code></p>
<p><a class="button secondary" href="/">Back to the sign-in page</a></p></section>`,
    );
  };
}
