// Login throttling and lockout, shared by both apps: per account (lockout with a clear message) and per client IP
// (a higher threshold, 429). Store-backed (never process memory), clock injected.
//
// Race-free by reservation: an attempt is counted as a failure BEFORE its password is verified, in one atomic
// statement per key that also says whether the caller is still within the limit. However many requests arrive at
// once, on however many instances sharing the database, at most `max` of them per window get to verify a password.
// A right password gives back only its own reservation; the failures other requests recorded still count.

import type { SamlbridgeError } from '@samlbridge/errors';
import { usernameKey } from '@samlbridge/protocol';
import type { Clock } from './clock.js';
import { type WebErrorCode, webError } from './web-errors.js';

export interface ThrottleRule {
  /** Attempts counted within `windowSeconds` (successes are given back) before the key is locked. */
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** The store's answer to one reservation. */
export interface ThrottleReservation {
  /** True: the attempt was counted and may verify a password. False: the key is locked (nothing was counted). */
  allowed: boolean;
  /** Counted attempts in the current window, this one included when allowed. */
  failures: number;
  /** Start of the window the attempt was counted in (what `release` needs to find it again). */
  windowStart: Date;
  lockedUntil: Date | null;
}

/** What the store behind the throttle does (both apps: kyselyThrottleStore, kysely/throttle-store.ts). */
export interface ThrottleStore {
  /**
   * Counts one attempt for `key` in ONE statement (INSERT … ON CONFLICT DO UPDATE … WHERE not locked … RETURNING):
   * a new window when the last one is over or its lock has expired, a lock when the count reaches `rule.max`,
   * nothing counted while locked. Concurrent reservations, from any instance, are serialised by the row lock.
   */
  reserve(key: string, rule: ThrottleRule, now: Date): Promise<ThrottleReservation>;
  /**
   * Gives back one attempt counted in the window that started at `windowStart` (a later window is left alone),
   * and lifts the lock when the count drops below `rule.max` again.
   */
  release(key: string, rule: ThrottleRule, windowStart: Date): Promise<void>;
}

export interface LoginThrottleOptions {
  store: ThrottleStore;
  clock: Clock;
  account?: ThrottleRule;
  ip?: ThrottleRule;
}

export const DEFAULT_ACCOUNT_RULE: ThrottleRule = { max: 5, windowSeconds: 900, lockSeconds: 900 };
export const DEFAULT_IP_RULE: ThrottleRule = { max: 50, windowSeconds: 900, lockSeconds: 900 };

/** One sign-in attempt that holds a reservation on its account and IP counters. */
export interface LoginAttempt {
  /** The password was right: give back this attempt's own reservations (account and IP). A failure does nothing. */
  succeeded(): Promise<void>;
}

export interface LoginThrottle {
  /**
   * Counts the attempt against the account (when named) and the IP before the password is verified. Throws a 429
   * SamlbridgeError (`account_locked` / `too_many_attempts`, `details.retryAfterSeconds`) when either is locked;
   * a refused attempt leaves no count behind.
   */
  reserve(account: string, ip: string): Promise<LoginAttempt>;
}

/** Every spelling of one account name shares a counter: the identity key (SECURITY.md, "One spelling per identity"). */
const accountKey = (account: string) => `account:${usernameKey(account.trim())}`;
const ipKey = (ip: string) => `ip:${ip}`;

function lockedError(
  code: Extract<WebErrorCode, 'account_locked' | 'too_many_attempts'>,
  lockedUntil: Date | null,
  now: Date,
): SamlbridgeError {
  const ms = Math.max(1000, (lockedUntil?.getTime() ?? 0) - now.getTime());
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const wait = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const message =
    code === 'account_locked'
      ? `Too many failed sign-ins for this account. Try again in ${wait} or ask your administrator.`
      : `Too many failed sign-ins from your network. Try again in ${wait}.`;
  return webError(code, message, { details: { retryAfterSeconds: Math.ceil(ms / 1000) } });
}

export function createLoginThrottle({
  store,
  clock,
  account = DEFAULT_ACCOUNT_RULE,
  ip = DEFAULT_IP_RULE,
}: LoginThrottleOptions): LoginThrottle {
  type Held = { key: string; rule: ThrottleRule; windowStart: Date };
  const releaseAll = async (held: Held[]) => {
    for (const h of held) await store.release(h.key, h.rule, h.windowStart);
  };

  return {
    async reserve(login, address) {
      const now = clock.now();
      const held: Held[] = [];
      if (login) {
        const key = accountKey(login);
        const r = await store.reserve(key, account, now);
        if (!r.allowed) throw lockedError('account_locked', r.lockedUntil, now);
        held.push({ key, rule: account, windowStart: r.windowStart });
      }
      const key = ipKey(address);
      const r = await store.reserve(key, ip, now);
      if (!r.allowed) {
        // Refused before any password check: the account's count is given back.
        await releaseAll(held);
        throw lockedError('too_many_attempts', r.lockedUntil, now);
      }
      held.push({ key, rule: ip, windowStart: r.windowStart });
      let released = false;
      return {
        async succeeded() {
          if (released) return;
          released = true;
          await releaseAll(held);
        },
      };
    },
  };
}
