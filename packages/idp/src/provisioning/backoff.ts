// Retry delay after a transient failure: capped exponential backoff with "equal jitter"
// (half fixed, half random), never sooner than the SP's Retry-After (RFC 7231 §7.1.3).
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** [0, 1): injected so tests are deterministic. */
  random?: () => number;
}

/** Longest Retry-After honoured (a misbehaving SP must not park a change for days). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export function retryDelay(attempts: number, policy: BackoffPolicy, retryAfterMs?: number): number {
  const random = policy.random ?? Math.random;
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempts, 30));
  const jittered = exp / 2 + random() * (exp / 2);
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, floor));
}
