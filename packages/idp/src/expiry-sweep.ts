// Expired IdP sessions, pending sign-ins, answered AuthnRequest IDs and held passwords are deleted once at start
// and then every 10 minutes (reading them already ignores expired rows; the sweep keeps the tables from growing forever),
// with login_throttle rows that no longer decide anything and events past IDP_EVENTS_RETENTION_DAYS (in small batches).
import { type Clock, type Logger, pruneOlderThan } from '@samlbridge/web';
import { SSO_TRACES_TABLE } from './store/sso-traces.js';
import type { Store } from './store/types.js';

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface SweepResult {
  singleLogout: number;
  sessions: number;
  loginFlows: number;
  authnRequestIds: number;
  /** Sealed passwords held for a first SCIM create whose time ran out. */
  heldPasswords: number;
  /** login_throttle rows whose window is over and that hold no lock. */
  throttleRows: number;
  /** Events older than the retention. */
  events: number;
  /** Per-login SAML traces older than IDP_TRACE_RETENTION_DAYS. */
  traces: number;
  /** Invitation links past IDP_INVITATION_TTL_HOURS. */
  invitations: number;
}

export interface RetentionSettings {
  eventsRetentionDays: number;
  /** IDP_TRACE_RETENTION_DAYS (store/sso-traces.ts). */
  traceRetentionDays: number;
  /** The longest throttle window, in seconds (a row older than it is stale unless locked). */
  longestThrottleWindowSeconds: number;
}

const DAY_MS = 86_400_000;
export const IDP_EVENTS_TABLE = { name: 'events', key: 'id', time: 'time' } as const;

export interface ExpirySweeper {
  /** One sweep now (tests call it after moving the clock). */
  sweep(): Promise<SweepResult>;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

/** Starts the timer; the caller runs the first sweep (createIdp awaits it at start). */
export function startExpirySweeper(
  store: Store,
  clock: Clock,
  logger: Logger,
  retention: RetentionSettings,
  intervalMs = SWEEP_INTERVAL_MS,
): ExpirySweeper {
  let running: Promise<SweepResult> | undefined;

  function sweep(): Promise<SweepResult> {
    running ??= (async () => {
      try {
        const now = clock.now();
        const result = {
          sessions: await store.sessions.deleteExpired(now),
          loginFlows: await store.loginFlows.deleteExpired(now),
          authnRequestIds: await store.authnRequestIds.deleteExpired(now),
          heldPasswords: await store.pendingPasswords.deleteExpired(now),
          singleLogout: await store.singleLogout.deleteExpired(now),
          invitations: await store.invitations.deleteExpired(now),
          throttleRows: await store.maintenance.deleteStaleThrottleRows(
            new Date(now.getTime() - retention.longestThrottleWindowSeconds * 1000),
            now,
          ),
          events: await pruneOlderThan(
            store.maintenance,
            IDP_EVENTS_TABLE,
            new Date(now.getTime() - retention.eventsRetentionDays * DAY_MS),
          ),
          traces: await pruneOlderThan(
            store.maintenance,
            SSO_TRACES_TABLE,
            new Date(now.getTime() - retention.traceRetentionDays * DAY_MS),
          ),
        };
        if (Object.values(result).some((n) => n > 0)) {
          logger.debug(result, 'deleted expired sessions, pending sign-ins, AuthnRequest IDs and held passwords');
        }
        return result;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const onTimer = () => {
    sweep().catch((err: unknown) => logger.warn({ err }, 'deleting expired sessions failed; retrying at the next sweep'));
  };
  const timer = setInterval(onTimer, intervalMs);
  timer.unref(); // never keeps the process alive
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      // stop() only waits for a sweep in progress to settle: its failure reaches (and is logged by) whoever started it.
      await running?.catch((err: unknown) => logger.debug({ err }, 'the sweep in progress at stop failed'));
    },
  };
}
