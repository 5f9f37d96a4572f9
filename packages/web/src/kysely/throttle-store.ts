// Web's ThrottleStore over the `login_throttle` table, written once for both engines: ONE atomic upsert per
// reservation (see throttle.ts). The DO UPDATE only runs while the row is not locked (an expired lock counts
// as not locked); `fresh`: the window is over or a lock has expired → count from 1 in a new window. Reaching
// max locks until now + lockSeconds. No row back → locked, nothing counted. Concurrent upserts on one key wait
// for the row (PostgreSQL: its lock, the DO UPDATE … WHERE re-evaluated on the latest row; SQLite: the one
// writer), so the count is exact across instances.
import { type Kysely, sql } from 'kysely';
import type { ThrottleReservation, ThrottleStore } from '../throttle.js';
import type { SqlDialect } from './sql-dialect.js';
import type { WebTables } from './web-tables.js';

type Row = { failures: number; window_start: Date | string; locked_until: Date | string | null };

export function kyselyThrottleStore<DB extends WebTables>(database: Kysely<DB>, dialect: SqlDialect): ThrottleStore {
  const db = database as unknown as Kysely<WebTables>;
  const ts = dialect.timestamp;
  const toReservation = (r: Row, allowed: boolean, max: number): ThrottleReservation => ({
    allowed: allowed && r.failures <= max,
    failures: r.failures,
    windowStart: dialect.fromDbDate(r.window_start),
    lockedUntil: dialect.fromDbDateOrNull(r.locked_until),
  });
  return {
    async reserve(key, rule, now) {
      const lockEnd = new Date(now.getTime() + rule.lockSeconds * 1000);
      const cutoff = new Date(now.getTime() - rule.windowSeconds * 1000);
      const fresh = sql`(login_throttle.window_start <= ${ts(cutoff)} or login_throttle.locked_until is not null)`;
      const n = sql`case when ${fresh} then 1 else login_throttle.failures + 1 end`;
      const counted = await sql<Row>`insert into login_throttle (key, failures, window_start, locked_until)
        values (${key}, 1, ${ts(now)}, ${ts(rule.max <= 1 ? lockEnd : null)})
        on conflict (key) do update set
          failures = ${n},
          window_start = case when ${fresh} then ${ts(now)} else login_throttle.window_start end,
          locked_until = case when ${n} >= ${dialect.integer(rule.max)} then ${ts(lockEnd)} else null end
        where login_throttle.locked_until is null or login_throttle.locked_until <= ${ts(now)}
        returning failures, window_start, locked_until`.execute(db);
      const row = counted.rows[0];
      if (row) return toReservation(row, true, rule.max);
      const locked = await db
        .selectFrom('login_throttle')
        .select(['failures', 'window_start', 'locked_until'])
        .where('key', '=', key)
        .executeTakeFirst();
      return toReservation(locked ?? { failures: 0, window_start: now, locked_until: null }, false, rule.max);
    },
    async release(key, rule, windowStart) {
      await sql`update login_throttle set
          failures = failures - 1,
          locked_until = case when failures - 1 >= ${dialect.integer(rule.max)} then locked_until else null end
        where key = ${key} and window_start = ${ts(windowStart)} and failures > 0`.execute(db);
    },
  };
}
