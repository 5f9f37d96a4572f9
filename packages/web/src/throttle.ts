// Login throttling and lockout (issue 6), shared by both apps: per account (lockout with a clear message)
// and per client IP (a higher threshold, 429). Store-backed (never process memory), clock injected.
import { SamlbridgeError, usernameKey } from '@samlbridge/protocol';
import type { Clock } from './clock.js';
import type { SqliteDatabase } from './sqlite.js';

export interface ThrottleRecord {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

/** What each app's store implements (SQLite: sqliteThrottleStore below; PostgreSQL: postgres.ts). */
export interface ThrottleStore {
  getThrottle(key: string): Promise<ThrottleRecord | undefined>;
  putThrottle(key: string, record: ThrottleRecord): Promise<void>;
  deleteThrottle(key: string): Promise<void>;
  /**
   * Counts one failure for `key` in ONE statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent
   * failures on several instances cannot overwrite each other's counts (read-modify-write would lose updates).
   * Optional while a store lacks it: the throttle then falls back to getThrottle + putThrottle.
   */
  recordFailure?(key: string, rule: ThrottleRule, now: Date): Promise<ThrottleRecord>;
}

export interface ThrottleRule {
  /** Failures within `windowSeconds` that trigger the lock. */
  max: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface LoginThrottleOptions {
  store: ThrottleStore;
  clock: Clock;
  account?: ThrottleRule;
  ip?: ThrottleRule;
}

export const DEFAULT_ACCOUNT_RULE: ThrottleRule = { max: 5, windowSeconds: 900, lockSeconds: 900 };
export const DEFAULT_IP_RULE: ThrottleRule = { max: 50, windowSeconds: 900, lockSeconds: 900 };

export interface LoginThrottle {
  /** Throws a 429 SamlbridgeError (`account_locked` / `too_many_attempts`) while the account or IP is locked. */
  check(account: string, ip: string): Promise<void>;
  failure(account: string, ip: string): Promise<void>;
  /** A successful sign-in clears the account's failures (not the IP's). */
  success(account: string): Promise<void>;
}

/** Every spelling of one account name shares a counter: the identity key (SECURITY.md, "One spelling per identity"). */
const accountKey = (account: string) => `account:${usernameKey(account.trim())}`;
const ipKey = (ip: string) => `ip:${ip}`;

export function createLoginThrottle({
  store,
  clock,
  account = DEFAULT_ACCOUNT_RULE,
  ip = DEFAULT_IP_RULE,
}: LoginThrottleOptions): LoginThrottle {
  async function lockedFor(key: string): Promise<number> {
    const rec = await store.getThrottle(key);
    const now = clock.now().getTime();
    return rec?.lockedUntil && rec.lockedUntil.getTime() > now ? rec.lockedUntil.getTime() - now : 0;
  }

  async function fail(key: string, rule: ThrottleRule): Promise<void> {
    const now = clock.now();
    if (store.recordFailure) {
      await store.recordFailure(key, rule, now);
      return;
    }
    const rec = await store.getThrottle(key);
    const fresh = !rec || rec.windowStart.getTime() + rule.windowSeconds * 1000 <= now.getTime();
    const next: ThrottleRecord = fresh
      ? { failures: 1, windowStart: now, lockedUntil: rec?.lockedUntil ?? null }
      : { ...rec, failures: rec.failures + 1 };
    if (next.failures >= rule.max) {
      next.lockedUntil = new Date(now.getTime() + rule.lockSeconds * 1000);
      next.failures = 0;
      next.windowStart = now;
    }
    await store.putThrottle(key, next);
  }

  return {
    async check(login, address) {
      const accountMs = login ? await lockedFor(accountKey(login)) : 0;
      if (accountMs > 0) {
        const minutes = Math.max(1, Math.ceil(accountMs / 60_000));
        throw new SamlbridgeError(
          'account_locked',
          `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} or ask your administrator.`,
          { status: 429, details: { retryAfterSeconds: Math.ceil(accountMs / 1000) } },
        );
      }
      const ipMs = await lockedFor(ipKey(address));
      if (ipMs > 0) {
        const minutes = Math.max(1, Math.ceil(ipMs / 60_000));
        throw new SamlbridgeError(
          'too_many_attempts',
          `Too many failed sign-ins from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          { status: 429, details: { retryAfterSeconds: Math.ceil(ipMs / 1000) } },
        );
      }
    },
    async failure(login, address) {
      if (login) await fail(accountKey(login), account);
      await fail(ipKey(address), ip);
    },
    async success(login) {
      await store.deleteThrottle(accountKey(login));
    },
  };
}

/** The table both apps append to their migrations (portable SQL). */
export const THROTTLE_MIGRATION = `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    locked_until TEXT
  );
`;

/** The SQLite ThrottleStore over THROTTLE_MIGRATION's table (written once, used by both apps). */
export function sqliteThrottleStore(db: SqliteDatabase): ThrottleStore {
  type Row = { failures: number; window_start: string; locked_until: string | null };
  return {
    async getThrottle(key) {
      const r = db.prepare<[string], Row>('SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?').get(key);
      return r
        ? { failures: r.failures, windowStart: new Date(r.window_start), lockedUntil: r.locked_until ? new Date(r.locked_until) : null }
        : undefined;
    },
    async putThrottle(key, rec) {
      db.prepare(
        `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
      ).run(key, rec.failures, rec.windowStart.toISOString(), rec.lockedUntil ? rec.lockedUntil.toISOString() : null);
    },
    async deleteThrottle(key) {
      db.prepare('DELETE FROM login_throttle WHERE key = ?').run(key);
    },
    async recordFailure(key, rule, now) {
      // One atomic upsert. Timestamps are ISO-8601 UTC strings, so string order is time order.
      // stale: the window is over → start a new one; n: the failure count after this failure;
      // n >= max → lock until now + lockSeconds and start counting afresh.
      const nowIso = now.toISOString();
      const cutoff = new Date(now.getTime() - rule.windowSeconds * 1000).toISOString();
      const lockEnd = new Date(now.getTime() + rule.lockSeconds * 1000).toISOString();
      const n = 'CASE WHEN login_throttle.window_start <= @cutoff THEN 1 ELSE login_throttle.failures + 1 END';
      const first = rule.max <= 1;
      const r = db
        .prepare<Record<string, unknown>, Row>(
          `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (@key, @firstFailures, @now, @firstLock)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN ${n} >= @max THEN 0 ELSE ${n} END,
             locked_until = CASE WHEN ${n} >= @max THEN @lockEnd ELSE login_throttle.locked_until END,
             window_start = CASE WHEN ${n} >= @max OR login_throttle.window_start <= @cutoff THEN @now ELSE login_throttle.window_start END
           RETURNING failures, window_start, locked_until`,
        )
        .get({
          key,
          now: nowIso,
          cutoff,
          lockEnd,
          max: rule.max,
          firstFailures: first ? 0 : 1,
          firstLock: first ? lockEnd : null,
        }) as Row;
      return { failures: r.failures, windowStart: new Date(r.window_start), lockedUntil: r.locked_until ? new Date(r.locked_until) : null };
    },
  };
}
