// The one bounded poll of every test tree (packages/*/test, certs/test, test/): waits for work that
// finishes on its own (an outbox worker, a server in another process) without a fixed sleep.

export interface EventuallyOptions {
  /** Give up after this long (default 10 s); keep it below the test's own timeout. */
  timeoutMs?: number;
  /** Longest pause between attempts (default 20 ms); raise it when one attempt is expensive. */
  maxIntervalMs?: number;
  /** Named in the failure, e.g. "the SP holds demo.user". */
  what?: string;
}

/** After this many event-loop turns, wait short, growing timer ticks so a busy worker gets the CPU. */
const IMMEDIATE_TURNS = 20;

const nextTurn = (attempt: number, maxIntervalMs: number) =>
  new Promise<void>((resolve) => {
    if (attempt < IMMEDIATE_TURNS) setImmediate(resolve);
    else setTimeout(resolve, Math.min(maxIntervalMs, attempt - IMMEDIATE_TURNS + 1));
  });

/**
 * Calls `check` until it returns something other than `undefined` or `false` (that value is
 * returned) without throwing. Past `timeoutMs` it fails with the last error `check` threw (a chai
 * assertion keeps its diff), or says that the condition never held.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, maxIntervalMs = 20, what = 'condition' }: EventuallyOptions = {},
): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const prefix = `${what} not met within ${timeoutMs} ms`;
      if (last instanceof Error) {
        last.message = `${prefix}; last attempt: ${last.message}`;
        throw last;
      }
      throw new Error(last === undefined ? prefix : `${prefix}; last attempt threw ${String(last)}`);
    }
    await nextTurn(attempt, maxIntervalMs);
  }
}
