// Load shedding for password checks (scrypt is slow by design, OWASP Password Storage): at most `concurrency` run
// at once and at most `queueLimit` wait. Past that a sign-in is answered at once with 503 + Retry-After instead of
// holding its connection for tens of seconds.
import type { PasswordVerifier } from './secrets.js';
import { webError } from './web-errors.js';

export interface PasswordQueueOptions {
  concurrency: number;
  queueLimit: number;
  /** Seconds a refused caller is asked to wait. */
  retryAfterSeconds?: number;
}

export interface BoundedVerifier extends PasswordVerifier {
  /** Checks running and waiting now (metrics, tests). */
  readonly load: () => { running: number; waiting: number };
}

/** Wraps a verifier so that a full queue throws the 503 `server_busy` error instead of waiting. */
export function boundedPasswordVerifier(verify: PasswordVerifier, o: PasswordQueueOptions): BoundedVerifier {
  let running = 0;
  const waiting: Array<() => void> = [];
  const retryAfterSeconds = o.retryAfterSeconds ?? 2;

  async function slot(): Promise<void> {
    if (running < o.concurrency) {
      running += 1;
      return;
    }
    if (waiting.length >= o.queueLimit) throw webError('server_busy', undefined, { details: { retryAfterSeconds } });
    // The slot is handed over by the check that finishes (running stays the same).
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  const bounded = (async (password: string, stored: string) => {
    await slot();
    try {
      return await verify(password, stored);
    } finally {
      release();
    }
  }) as BoundedVerifier;
  Object.defineProperty(bounded, 'load', { value: () => ({ running, waiting: waiting.length }) });
  return bounded;
}
