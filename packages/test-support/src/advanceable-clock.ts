// A clock for apps under test (web's Clock shape: `now(): Date`) that runs with real time and can also jump ahead:
// a test skips a wait an app was asked for (Retry-After, an expiry) instead of sleeping through it.

/** Real time plus an offset the test can grow with `advance(ms)` (a negative step is ignored: time never goes back). */
export function advanceableClock(): { now(): Date; advance(ms: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms) {
      offsetMs += Math.max(0, ms);
    },
  };
}
