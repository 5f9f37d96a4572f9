// The SP's periodic housekeeping (web's sweeper.ts), once at start and then every 10 minutes: expired sessions,
// login_throttle rows that no longer decide anything, and events past SP_EVENTS_RETENTION_DAYS (in small batches).
import { type Clock, type Logger, pruneOlderThan, type Sweeper, startSweeper } from '@samlbridge/web';
import type { SpConfig } from './config.js';
import { PENDING_SIGNIN_WINDOW_SECONDS } from './http/pending-signin-limit.js';
import type { Store } from './store/types.js';

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
const DAY_MS = 86_400_000;
const SP_EVENTS_TABLE = { name: 'events', key: 'id', time: 'time' } as const;

type RetentionConfig = Pick<SpConfig, 'eventsRetentionDays' | 'loginAccountWindowSeconds' | 'loginIpWindowSeconds'>;

export function startSpSweeper(
  store: Store,
  config: RetentionConfig,
  clock: Clock,
  logger: Logger,
  intervalMs = SWEEP_INTERVAL_MS,
): Sweeper {
  const longestWindowMs = Math.max(config.loginAccountWindowSeconds, config.loginIpWindowSeconds, PENDING_SIGNIN_WINDOW_SECONDS) * 1000;
  return startSweeper(
    {
      sessions: (now) => store.sessions.deleteExpired(now),
      throttleRows: (now) => store.maintenance.deleteStaleThrottleRows(new Date(now.getTime() - longestWindowMs), now),
      events: (now) => pruneOlderThan(store.maintenance, SP_EVENTS_TABLE, new Date(now.getTime() - config.eventsRetentionDays * DAY_MS)),
    },
    { clock, logger, intervalMs },
  );
}
