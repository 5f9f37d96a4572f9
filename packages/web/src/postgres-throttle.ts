// The login throttle's PostgreSQL table and store.
import type { PgQueryable } from './postgres-pool.js';
import type { ThrottleStore } from './throttle.js';

/** PostgreSQL version of THROTTLE_MIGRATION (throttle.ts): both apps append it to their PG migrations. */
export const POSTGRES_THROTTLE_MIGRATION = `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
  );
`;

/** The PostgreSQL ThrottleStore over POSTGRES_THROTTLE_MIGRATION's table (written once, used by both apps). */
export function postgresThrottleStore(db: PgQueryable): ThrottleStore {
  type Row = { failures: number; window_start: Date; locked_until: Date | null };
  // One atomic upsert, as in sqliteThrottleStore: $2 now, $3 window cutoff, $4 lock end, $5 max, $6 first lock.
  // Concurrent upserts on one key wait for the row lock and then see the latest row (the DO UPDATE … WHERE is
  // re-evaluated on it), so the count is exact across instances. No row back → locked, nothing counted.
  const fresh = '(login_throttle.window_start <= $3::timestamptz OR login_throttle.locked_until IS NOT NULL)';
  const n = `CASE WHEN ${fresh} THEN 1 ELSE login_throttle.failures + 1 END`;
  const reserveSql = `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2::timestamptz, $6::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = ${n},
       window_start = CASE WHEN ${fresh} THEN $2::timestamptz ELSE login_throttle.window_start END,
       locked_until = CASE WHEN ${n} >= $5::integer THEN $4::timestamptz ELSE NULL END
     WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $2::timestamptz
     RETURNING failures, window_start, locked_until`;
  const toReservation = (r: Row, allowed: boolean, max: number) => ({
    allowed: allowed && r.failures <= max,
    failures: r.failures,
    windowStart: r.window_start,
    lockedUntil: r.locked_until,
  });
  return {
    async reserve(key, rule, now) {
      const lockEnd = new Date(now.getTime() + rule.lockSeconds * 1000);
      const cutoff = new Date(now.getTime() - rule.windowSeconds * 1000);
      const counted = await db.query<Row>(reserveSql, [key, now, cutoff, lockEnd, rule.max, rule.max <= 1 ? lockEnd : null]);
      if (counted.rows[0]) return toReservation(counted.rows[0], true, rule.max);
      const { rows } = await db.query<Row>('SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1', [key]);
      return toReservation(rows[0] ?? { failures: 0, window_start: now, locked_until: null }, false, rule.max);
    },
    async release(key, rule, windowStart) {
      await db.query(
        `UPDATE login_throttle SET
           failures = failures - 1,
           locked_until = CASE WHEN failures - 1 >= $2::integer THEN locked_until ELSE NULL END
         WHERE key = $1 AND window_start = $3::timestamptz AND failures > 0`,
        [key, rule.max, windowStart],
      );
    },
  };
}
