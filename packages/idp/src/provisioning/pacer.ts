// Paces each integration's SCIM requests to what its application allows, shared by every delivery of this worker
// (and, through the stored pause, by every instance sharing the database):
// - a token bucket at the advertised rate (RateLimit-Policy / X-RateLimit-Limit per window), a little under it so
//   a fixed-window limiter is not hit at a window's edge;
// - the window's remaining budget (RateLimit / X-RateLimit-Remaining + reset): used up → wait for the reset;
// - 429, or 503 with Retry-After: pause until the time asked (no exponential growth: a rate limit is not a
//   failure), then one probe request, and full speed as soon as it passes;
// - an outage (no answer, 5xx without Retry-After): a short pause growing per failed probe round up to a cap, so
//   catch-up starts within that cap of the application coming back;
// - an adaptive window on the requests in flight (adaptive-window.ts: additive increase, multiplicative decrease on
//   429 / 503 / no answer / a latency jump), bounded by the configured concurrency.
// A wait longer than `maxInlineWaitMs` is not slept inside the delivery: `ProvisioningPaused` hands the row back
// to the outbox (re-queued for that time, no attempt counted) and the pause is stored (provisioning-pauses.ts).
import type { Clock, Logger } from '@samlbridge/web';
import type { PauseReason } from '../store/provisioning-pauses.js';
import type { Store } from '../store/types.js';
import { type AdaptiveWindow, createAdaptiveWindow, type RequestOutcome } from './adaptive-window.js';
import { MAX_RETRY_AFTER_MS } from './backoff.js';
import type { RateLimitInfo } from './rate-limit-headers.js';
import type { RequestPacer, RequestResult } from './scim-client.js';

/** The integration is paused until `until`: the row waits (re-queued, not failed). */
export class ProvisioningPaused extends Error {
  constructor(
    readonly until: Date,
    readonly reason: PauseReason,
  ) {
    super(`the application asked to hold SCIM requests until ${until.toISOString()} (${reason.replace('_', ' ')})`);
    this.name = 'ProvisioningPaused';
  }
}

export interface PacerOptions {
  store: Pick<Store, 'provisioningPauses'>;
  clock: Clock;
  logger: Logger;
  /** Waits up to this long happen inside a delivery; longer ones re-queue the row. */
  maxInlineWaitMs?: number;
  /** First outage pause (doubles per failed probe round) and its cap. */
  outageBaseMs: number;
  outageMaxMs: number;
  /** How often a delivery re-reads the stored pause before a request (other instances' pauses). */
  refreshMs?: number;
  /** Share of the advertised rate the bucket paces at (a fixed window's edge costs a pause otherwise). */
  headroom?: number;
  /** Upper bound of each integration's adaptive window of requests in flight; absent: no window. */
  maxConcurrency?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface State {
  pausedUntil: number;
  reason: PauseReason;
  persistedUntil: number;
  /** Current window's budget, as last reported. */
  remaining?: number;
  resetAt?: number;
  /** Token bucket (requests per ms), when the application advertises its policy. */
  ratePerMs?: number;
  tokens: number;
  capacity: number;
  refilledAt: number;
  inflight: number;
  /** After a pause: one request at a time until one passes. */
  probing: boolean;
  outages: number;
  waiters: Array<() => void>;
  /** When the stored pause was last read (another instance may have paused the integration). */
  checkedAt: number;
  window?: AdaptiveWindow;
}

/** What a request's answer says about the application's capacity. */
function outcomeOf(result: RequestResult | undefined): RequestOutcome | undefined {
  if (result === undefined) return undefined;
  if (result === 'error') return 'failed';
  if (result === 429 || result === 503) return 'throttled';
  return result >= 500 ? 'failed' : 'ok';
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function createPacer(o: PacerOptions) {
  const states = new Map<string, State>();
  const maxInline = o.maxInlineWaitMs ?? 2000;
  const headroom = o.headroom ?? 0.97;
  const sleep = o.sleep ?? defaultSleep;
  const refreshMs = o.refreshMs ?? 250;
  const now = () => o.clock.now().getTime();

  function state(applicationId: string): State {
    let s = states.get(applicationId);
    if (!s) {
      s = {
        pausedUntil: 0,
        reason: 'rate_limited',
        persistedUntil: 0,
        tokens: 1,
        capacity: 1,
        refilledAt: now(),
        inflight: 0,
        probing: false,
        outages: 0,
        waiters: [],
        checkedAt: 0,
        ...(o.maxConcurrency ? { window: createAdaptiveWindow({ clock: o.clock, max: o.maxConcurrency }) } : {}),
      };
      states.set(applicationId, s);
    }
    return s;
  }

  function wakeWaiters(s: State) {
    const w = s.waiters;
    s.waiters = [];
    for (const f of w) f();
  }

  /** Pauses the integration here and, once per pause, in the store (other workers and instances honour it). */
  function pause(applicationId: string, until: number, reason: PauseReason): void {
    const s = state(applicationId);
    const t = now();
    if (until <= s.pausedUntil) return;
    if (s.pausedUntil <= t) {
      o.logger.info(
        { applicationId, reason, pauseMs: until - t, until: new Date(until).toISOString() },
        'provisioning paused for this application; changes wait (not failed)',
      );
    }
    s.pausedUntil = until;
    s.reason = reason;
    s.probing = true;
    if (until > s.persistedUntil + 250) {
      s.persistedUntil = until;
      o.store.provisioningPauses
        .pause(applicationId, new Date(until), reason, s.outages, new Date(t))
        .catch((err: unknown) =>
          o.logger.warn({ err, applicationId }, 'could not store the provisioning pause; other instances may keep sending'),
        );
    }
    wakeWaiters(s);
  }

  async function waitUntil(applicationId: string, until: number, reason: PauseReason): Promise<void> {
    const ms = until - now();
    if (ms > maxInline) {
      if (reason !== 'unavailable') pause(applicationId, until, reason);
      throw new ProvisioningPaused(new Date(until), reason);
    }
    await sleep(ms);
  }

  /** Reads the pauses other workers stored for these applications. */
  async function refresh(applicationIds: string[]): Promise<void> {
    const t = now();
    for (const p of await o.store.provisioningPauses.list(applicationIds)) {
      const s = state(p.applicationId);
      const until = p.pausedUntil.getTime();
      if (until > t && until > s.pausedUntil) {
        s.pausedUntil = until;
        s.reason = p.reason;
        s.persistedUntil = Math.max(s.persistedUntil, until);
        s.probing = true;
        s.outages = Math.max(s.outages, p.outages);
      }
    }
  }

  function forIntegration(applicationId: string): RequestPacer {
    return {
      async acquire() {
        const s = state(applicationId);
        for (;;) {
          if (now() - s.checkedAt >= refreshMs) {
            s.checkedAt = now();
            await refresh([applicationId]).catch((err: unknown) =>
              o.logger.warn({ err, applicationId }, 'could not read the stored provisioning pause'),
            );
          }
          const t = now();
          if (s.pausedUntil > t) {
            await waitUntil(applicationId, s.pausedUntil, s.reason);
            continue;
          }
          if (s.resetAt !== undefined && t >= s.resetAt) {
            s.remaining = undefined;
            s.resetAt = undefined;
          }
          if (s.remaining !== undefined && s.resetAt !== undefined && s.remaining - s.inflight <= 0) {
            await waitUntil(applicationId, s.resetAt, 'quota_used');
            continue;
          }
          if ((s.probing && s.inflight > 0) || (s.window && s.inflight >= s.window.size)) {
            await new Promise<void>((resolve) => s.waiters.push(resolve));
            continue;
          }
          if (s.ratePerMs !== undefined) {
            s.tokens = Math.min(s.capacity, s.tokens + (t - s.refilledAt) * s.ratePerMs);
            s.refilledAt = t;
            if (s.tokens < 1) {
              await sleep((1 - s.tokens) / s.ratePerMs);
              continue;
            }
            s.tokens -= 1;
          }
          s.inflight++;
          const startedAt = t;
          let released = false;
          return (result?: RequestResult) => {
            if (released) return;
            released = true;
            s.inflight--;
            const outcome = outcomeOf(result);
            if (outcome) s.window?.record(outcome, startedAt);
            wakeWaiters(s);
          };
        }
      },
      observe(status: number, info: RateLimitInfo | undefined, retryAfterMs: number | undefined) {
        const s = state(applicationId);
        const t = now();
        if (info?.quota !== undefined && info.windowMs !== undefined) {
          const rate = (headroom * info.quota) / info.windowMs;
          if (s.ratePerMs !== rate) {
            s.ratePerMs = rate;
            s.capacity = Math.max(1, rate * 100);
            s.tokens = Math.min(s.tokens, s.capacity);
          }
        }
        if (info?.remaining !== undefined && info.resetMs !== undefined) {
          s.remaining = info.remaining;
          s.resetAt = t + info.resetMs;
        }
        if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
          const wait = Math.min(retryAfterMs ?? info?.resetMs ?? 1000, MAX_RETRY_AFTER_MS);
          pause(applicationId, t + wait, 'rate_limited');
          return;
        }
        if (status < 500) {
          if (s.probing) {
            s.probing = false;
            wakeWaiters(s);
          }
          if (s.outages > 0) {
            s.outages = 0;
            o.store.provisioningPauses
              .clearOutages(applicationId, new Date(t))
              .catch((err: unknown) => o.logger.warn({ err, applicationId }, 'could not clear the stored outage count'));
          }
        }
      },
    };
  }

  return {
    forIntegration,
    /** The application did not answer (or 5xx without Retry-After): pause one probe round; returns its length. */
    outage(applicationId: string): number {
      const s = state(applicationId);
      const t = now();
      if (s.pausedUntil <= t) s.outages++;
      const ms = Math.min(o.outageMaxMs, o.outageBaseMs * 2 ** Math.min(Math.max(0, s.outages - 1), 30));
      pause(applicationId, t + ms, 'unavailable');
      return Math.max(ms, s.pausedUntil - t);
    },
    /** The integration's adaptive window of requests in flight now (tests, status); undefined: no window. */
    windowSize: (applicationId: string): number | undefined => states.get(applicationId)?.window?.size,
    /** Until when this integration is paused (here or, after `refresh`, by another instance); undefined: not paused. */
    pausedUntil(applicationId: string): { until: Date; reason: PauseReason } | undefined {
      const s = states.get(applicationId);
      return s && s.pausedUntil > now() ? { until: new Date(s.pausedUntil), reason: s.reason } : undefined;
    },
    refresh,
  };
}

export type Pacer = ReturnType<typeof createPacer>;
