// A password verifier for sign-in bursts: counts every password check and, while held, keeps each one waiting
// until open(), so a whole burst of parallel sign-ins is in flight at once. The real check runs after.
import { eventually } from './eventually.js';

/** The app's password check, e.g. `verifyPassword` of @samlbridge/web (the real scrypt check). */
export type PasswordCheck = (password: string, stored: string) => Promise<boolean>;

export interface PasswordGate {
  verify: PasswordCheck;
  /** Password checks started since the last hold(). */
  readonly checks: number;
  /** Holds every check from now on (and counts from 0). */
  hold(): void;
  /** Lets the held checks, and every later one, run. */
  open(): void;
}

/** Wraps the real password check `check` in a gate; give `gate.verify` to the app. */
export function passwordGate(check: PasswordCheck): PasswordGate {
  let checks = 0;
  let held = false;
  let waiting: (() => void)[] = [];
  return {
    async verify(password, stored) {
      checks++;
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      return check(password, stored);
    },
    get checks() {
      return checks;
    },
    hold() {
      held = true;
      checks = 0;
    },
    open() {
      held = false;
      const released = waiting;
      waiting = [];
      for (const resolve of released) resolve();
    },
  };
}

/** Waits, bounded, until `done` holds (the burst's steps finish on the server, not in this process). */
const until = (done: () => boolean, what: string) => eventually(done, { what, timeoutMs: 30_000, maxIntervalMs: 5 });

export interface BurstOutcome {
  /** Password checks that ran during the burst. */
  checks: number;
  /** HTTP statuses of the wrong attempts. */
  wrong: number[];
  /** The answer to the right password, sent while the wrong ones were still being checked. */
  right: { status: number; body: string };
}

/** A burst's outcome as counts to compare at once: checks run, wrong attempts by HTTP status, the right one's status. */
export function burstCounts({ checks, wrong, right }: BurstOutcome): { checks: number; wrong: Record<number, number>; right: number } {
  const byStatus: Record<number, number> = {};
  for (const status of wrong) byStatus[status] = (byStatus[status] ?? 0) + 1;
  return { checks, wrong: byStatus, right: right.status };
}

/**
 * Sends `size` wrong passwords in parallel, holds their password checks, then sends the right one while they are
 * still in flight (after each wrong one has been answered or has started its check), and only then lets the checks run.
 * `send(password, i)` signs in once and resolves with the response to the POST.
 */
export async function burst(
  gate: PasswordGate,
  send: (password: string, i: number) => Promise<Response>,
  rightPassword: string,
  size = 30,
): Promise<BurstOutcome> {
  gate.hold();
  let answered = 0;
  try {
    const wrong = Array.from({ length: size }, (_, i) =>
      send(`wrong-password-${i}`, i).then(async (res) => {
        await res.arrayBuffer();
        answered++;
        return res.status;
      }),
    );
    await until(() => answered + gate.checks === size, 'every wrong attempt was answered or is checking its password');
    const right = send(rightPassword, size).then(async (res) => {
      const body = await res.text();
      answered++;
      return { status: res.status, body };
    });
    await until(() => answered + gate.checks === size + 1, 'the right attempt was answered or is checking its password');
    gate.open();
    return { wrong: await Promise.all(wrong), right: await right, checks: gate.checks };
  } finally {
    gate.open();
  }
}
