// Adaptive concurrency for one integration: an additive-increase / multiplicative-decrease (AIMD) window on the
// SCIM requests in flight, bounded by the configured maximum (IDP_PROVISIONING_CONCURRENCY), as TCP's congestion
// window (RFC 5681 §3.1) does for segments:
// - every answered request that is not a "slow down" grows the window by 1/window (about +1 per round trip);
// - a 429, a 503, a timeout or a lost connection halves it, at most once per round trip (the requests already in
//   flight when the SP pushed back carry the same news and do not halve it again);
// - latency: when the recent round-trip time (a short moving average) exceeds `latencyFactor` times the usual one
//   (a long moving average), the SP is queueing: the window shrinks by `latencyDecrease`, again at most once per
//   round trip. A steady latency, however high, is the usual one and does not shrink it.
// The window starts at the maximum: an application that never pushes back gets full speed from the first request.
import type { Clock } from '@samlbridge/web';

export type RequestOutcome = 'ok' | 'throttled' | 'failed';

export interface AdaptiveWindowOptions {
  clock: Clock;
  /** Upper bound (and start) of the window. */
  max: number;
  min?: number;
  /** Multiplier on 429 / 503 / no answer. Default 0.5. */
  decrease?: number;
  /** Recent RTT above this multiple of the usual RTT counts as congestion. Default 3. */
  latencyFactor?: number;
  /** Multiplier on latency congestion. Default 0.8. */
  latencyDecrease?: number;
}

export interface AdaptiveWindow {
  /** Requests that may be in flight now (an integer ≥ min). */
  readonly size: number;
  /** One request's result: `startedAt` is when it was sent (clock ms), for the once-per-round-trip rule and the RTT. */
  record(outcome: RequestOutcome, startedAt: number): void;
}

const SHORT_WEIGHT = 0.3;
const LONG_WEIGHT = 0.02;
/** Latency decisions wait for this many samples (the long average means nothing before). */
const WARM_UP_SAMPLES = 20;

export function createAdaptiveWindow(o: AdaptiveWindowOptions): AdaptiveWindow {
  const max = Math.max(1, o.max);
  const min = Math.min(max, Math.max(1, o.min ?? 1));
  const decrease = o.decrease ?? 0.5;
  const latencyFactor = o.latencyFactor ?? 3;
  const latencyDecrease = o.latencyDecrease ?? 0.8;
  let window = max;
  /** Requests sent before this time were in flight at the last decrease: their bad news is already counted. */
  let decreasedAt = Number.NEGATIVE_INFINITY;
  let shortRtt: number | undefined;
  let longRtt: number | undefined;
  let samples = 0;

  function shrink(factor: number, startedAt: number, now: number): void {
    if (startedAt < decreasedAt) return;
    window = Math.max(min, window * factor);
    decreasedAt = now;
  }

  return {
    get size() {
      return Math.max(min, Math.floor(window));
    },
    record(outcome, startedAt) {
      const now = o.clock.now().getTime();
      if (outcome !== 'ok') {
        shrink(decrease, startedAt, now);
        return;
      }
      const rtt = Math.max(0, now - startedAt);
      shortRtt = shortRtt === undefined ? rtt : shortRtt + SHORT_WEIGHT * (rtt - shortRtt);
      longRtt = longRtt === undefined ? rtt : longRtt + LONG_WEIGHT * (rtt - longRtt);
      samples++;
      if (samples >= WARM_UP_SAMPLES && longRtt > 0 && shortRtt > latencyFactor * longRtt) {
        shrink(latencyDecrease, startedAt, now);
        return;
      }
      window = Math.min(max, window + 1 / window);
    },
  };
}
