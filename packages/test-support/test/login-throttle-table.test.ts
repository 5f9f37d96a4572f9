import { expect } from 'chai';
import { expectReservesUpToTheLimitAndReleases, type ReservingThrottle } from '../src/login-throttle-table.js';

/** An in-memory throttle for one window; `giveBack: false` forgets to release. */
function memoryThrottle({ giveBack = true } = {}): ReservingThrottle {
  let failures = 0;
  let lockedUntil: Date | null = null;
  return {
    async reserve(_key, rule, now) {
      if (lockedUntil && now < lockedUntil) return { allowed: false, failures, lockedUntil };
      if (failures >= rule.max) {
        lockedUntil = new Date(now.getTime() + rule.lockSeconds * 1000);
        return { allowed: false, failures, lockedUntil };
      }
      failures++;
      return { allowed: true, failures, lockedUntil: null };
    },
    async release() {
      if (!giveBack) return;
      failures--;
      lockedUntil = null;
    },
  };
}

describe('expectReservesUpToTheLimitAndReleases', () => {
  const t0 = new Date('2026-03-01T10:00:00.000Z');

  it('passes for a throttle that counts up to the limit, locks, and gives a released attempt back', async () => {
    await expectReservesUpToTheLimitAndReleases(memoryThrottle(), 'ip:1', t0);
  });

  it('fails for a throttle that does not give the released attempt back', async () => {
    const err = await expectReservesUpToTheLimitAndReleases(memoryThrottle({ giveBack: false }), 'ip:1', t0).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.contain('allowed');
  });
});
