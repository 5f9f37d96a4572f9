// A clock for apps under test (web's Clock shape: `now(): Date`) that runs with real time and can also jump ahead:
// a test skips a wait an app was asked for (Retry-After, an expiry) instead of sleeping through it.

/**
 * Real time plus an offset the test can grow with `advance(ms)` (a negative step is ignored: time never goes back).
 * With `startAt`, it reads `startAt` when made and runs on at real speed from there.
 */
export function advanceableClock({ startAt }: { startAt?: Date } = {}): { now(): Date; advance(ms: number): void } {
  let offsetMs = startAt ? startAt.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms) {
      offsetMs += Math.max(0, ms);
    },
  };
}

/**
 * The first 12:00:00 UTC after `now`: where a clock may start for a test that shows or filters by the day (a
 * time's date is printed when it falls on another UTC day), so the test never straddles midnight. Ahead, never
 * behind: certificates and keys the test made a moment ago are already valid then.
 */
export function nextNoonUtc(now = new Date()): Date {
  const noon = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12));
  return noon.getTime() > now.getTime() ? noon : new Date(noon.getTime() + 86_400_000);
}
