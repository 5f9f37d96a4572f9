// A pending sign-in (an AuthnRequest parked for the login form) is a row: one client address may start at most
// IDP_PENDING_SIGNINS_PER_IP of them per window, counted in web's login_throttle table (one row per address, swept
// with the others), so a script cannot fill the database through the SSO URL.
import type { IdpDeps } from '../deps.js';
import { ssoError } from './sso-errors.js';

export const PENDING_SIGNIN_WINDOW_SECONDS = 900;

export async function limitPendingSignIns({ store, config }: IdpDeps, address: string, now: Date): Promise<void> {
  const rule = {
    max: config.pendingSignInsPerIp,
    windowSeconds: PENDING_SIGNIN_WINDOW_SECONDS,
    lockSeconds: PENDING_SIGNIN_WINDOW_SECONDS,
  };
  const reservation = await store.loginThrottle.reserve(`pending-signin:${address}`, rule, now);
  if (!reservation.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil(((reservation.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
    throw ssoError('too_many_pending_signins', undefined, { details: { retryAfterSeconds } });
  }
}
