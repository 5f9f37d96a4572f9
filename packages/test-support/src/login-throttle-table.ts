// An app store's login throttle on its own table (both apps keep one, through @samlbridge/web's ThrottleStore):
// attempts reserved at once are counted exactly up to the limit, the one over it is locked out, and a released
// attempt is given back. The store contracts of both apps run it.
import { expect } from 'chai';

interface ThrottleRule {
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** The part of @samlbridge/web's ThrottleStore this check uses. */
export interface ReservingThrottle {
  reserve(key: string, rule: ThrottleRule, now: Date): Promise<{ allowed: boolean; failures: number; lockedUntil: Date | null }>;
  release(key: string, rule: ThrottleRule, windowStart: Date): Promise<void>;
}

/** Four reservations at once against a limit of 3 at `t0`, one given back, then a new one a second later. */
export async function expectReservesUpToTheLimitAndReleases(throttle: ReservingThrottle, key: string, t0: Date): Promise<void> {
  const rule = { max: 3, windowSeconds: 900, lockSeconds: 900 };
  const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const held = await Promise.all([1, 2, 3, 4].map(() => throttle.reserve(key, rule, t0)));
  expect(held.map((r) => r.allowed).sort()).to.deep.equal([false, true, true, true]);
  expect(held.find((r) => !r.allowed)?.lockedUntil).to.deep.equal(later(900));
  await throttle.release(key, rule, t0);
  expect(await throttle.reserve(key, rule, later(1))).to.deep.include({ allowed: true, failures: 3 });
}
