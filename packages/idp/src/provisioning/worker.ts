// The outbox worker: leases due rows (several workers/instances may run: a leased row is never
// sent twice at once), delivers up to `concurrency` subjects in parallel (one subject's rows stay
// in order: only the oldest pending row of a subject is claimable), retries transient failures
// with capped exponential backoff + jitter, marks permanent ones failed with the SP's message.
// At-least-once + idempotent operations (lookup before create, PATCH replace, DELETE 404 = done)
// make a crash between "sent" and "marked done" harmless: the retry converges to the same state.
import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@samlbridge/web';
import type { OutboxEntry } from '../store/provisioning-types.js';
import type { Store } from '../store/types.js';
import { type BackoffPolicy, retryDelay } from './backoff.js';
import { type Delivery, isRateLimited, type Target } from './delivery-context.js';
import { type Pacer, ProvisioningPaused } from './pacer.js';
import { ScimRequestError } from './scim-client.js';

export interface OutboxWorkerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  backoff: BackoffPolicy;
  /** Per-integration pacing and pauses (rate limits, outages); absent: every request goes at once. */
  pacer?: Pacer;
  /** Cap of a change's retry delay while its application is unreachable (see pacer.ts). */
  outageMaxMs?: number;
  target(applicationId: string): Promise<Target | undefined>;
  deliver(target: Target, row: OutboxEntry): Promise<Delivery>;
  owner?: string;
}

export interface OutboxWorker {
  readonly owner: string;
  start(): void;
  /** Stops claiming, waits for in-flight rows. */
  stop(): Promise<void>;
  /** New rows were queued: look now instead of at the next poll. */
  wake(): void;
  /** Resolves when nothing is due or in flight (tests, benchmark). */
  idle(options?: { timeoutMs?: number }): Promise<void>;
}

export function createOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const owner = o.owner ?? `worker-${randomUUID()}`;
  const inflight = new Set<Promise<void>>();
  /** Rows being delivered now: their leases are renewed every third of the lease while the work goes on. */
  const working = new Set<number>();
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;
  let idleWaiters: Array<() => void> = [];
  let lastClaimEmpty = false;

  function wake() {
    wakeUp?.();
  }

  function pause(ms: number): Promise<void> {
    if (!running) return Promise.resolve(); // stop() must not wait for a poll interval
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function handle(row: OutboxEntry): Promise<void> {
    const now = () => o.clock.now();
    const paused = o.pacer?.pausedUntil(row.applicationId);
    if (paused) {
      // Claimed before another delivery (or instance) paused the integration: back to the queue, nothing counted.
      await o.store.outbox.retry(row.seq, owner, paused.until, `waiting: ${paused.reason.replace('_', ' ')}`, now(), false);
      return;
    }
    try {
      const target = await o.target(row.applicationId);
      if (!target) {
        await o.store.outbox.complete(row.seq, owner, now()); // integration deactivated or deleted: reactivation resyncs (planner.fullSync)
        return;
      }
      const result = await o.deliver(target, row);
      if (result.kind === 'wait')
        await o.store.outbox.retry(row.seq, owner, new Date(now().getTime() + result.ms), result.reason, now(), false);
      else await o.store.outbox.complete(row.seq, owner, now());
    } catch (err) {
      const e = err instanceof ScimRequestError ? err : undefined;
      if (isRateLimited(err)) {
        // Not a failure: no attempt counted, no log per row (the pacer logs one line per pause).
        const until =
          err instanceof ProvisioningPaused
            ? err.until
            : (o.pacer?.pausedUntil(row.applicationId)?.until ?? new Date(now().getTime() + (e?.retryAfterMs ?? o.backoff.baseMs)));
        await o.store.outbox.retry(row.seq, owner, until, `waiting: ${(err as Error).message}`, now(), false);
        return;
      }
      const message = e?.message ?? (err as Error)?.message ?? String(err);
      if (e && !e.transient) {
        o.logger.warn(
          { seq: row.seq, action: row.action, subject: row.subject, status: e.httpStatus },
          'provisioning change rejected by the application',
        );
        await o.store.outbox.fail(row.seq, owner, message, now());
        return;
      }
      // An outage (no answer, 5xx): the integration pauses for one probe round and this change's backoff is capped,
      // so catch-up starts soon after the application is back.
      const outage = e?.kind === 'network' || e?.kind === 'timeout' || (e?.httpStatus ?? 0) >= 500;
      if (outage) o.pacer?.outage(row.applicationId);
      const maxMs = outage && o.outageMaxMs ? Math.min(o.backoff.maxMs, o.outageMaxMs) : o.backoff.maxMs;
      const delay = retryDelay(row.attempts, { ...o.backoff, maxMs }, e?.retryAfterMs);
      o.logger.info(
        { seq: row.seq, action: row.action, subject: row.subject, attempt: row.attempts + 1, delayMs: delay, kind: e?.kind },
        'provisioning change will be retried',
      );
      await o.store.outbox.retry(row.seq, owner, new Date(now().getTime() + delay), message, now(), true);
      if (!e) o.logger.error({ err, seq: row.seq }, 'provisioning delivery error');
    }
  }

  async function loop() {
    while (running) {
      const free = o.concurrency - inflight.size;
      let claimed: OutboxEntry[] = [];
      // Claim in small batches (fewer claim transactions), or at once when nothing is in flight.
      if (free > 0 && (free >= Math.max(1, Math.floor(o.concurrency / 4)) || inflight.size === 0)) {
        try {
          claimed = await o.store.outbox.claim(owner, o.clock.now(), o.leaseMs, free);
        } catch (err) {
          o.logger.error({ err }, 'could not claim provisioning rows');
        }
      }
      if (claimed.length > 0 && o.pacer) {
        await o.pacer
          .refresh([...new Set(claimed.map((r) => r.applicationId))])
          .catch((err: unknown) => o.logger.warn({ err }, 'could not read the stored provisioning pauses'));
      }
      for (const row of claimed) {
        working.add(row.seq);
        const p: Promise<void> = handle(row)
          .catch((err) => o.logger.error({ err, seq: row.seq }, 'provisioning row left leased (will be retried)'))
          .finally(() => {
            working.delete(row.seq);
            inflight.delete(p);
            wake();
          });
        inflight.add(p);
      }
      lastClaimEmpty = claimed.length === 0;
      if (claimed.length > 0 && inflight.size < o.concurrency) continue;
      if (inflight.size === 0 && lastClaimEmpty) {
        const waiters = idleWaiters;
        idleWaiters = [];
        const due = await o.store.outbox.nextDueAt().catch((err: unknown) => {
          // Without the next due time the worker simply waits one poll interval and asks again.
          o.logger.warn({ err }, 'could not read when the next provisioning row is due; polling again');
          return undefined;
        });
        if (due && due.getTime() <= o.clock.now().getTime() + 5) {
          // something is due but not claimable now (leased elsewhere, or a subject blocked): short wait
          idleWaiters.push(...waiters);
          await pause(Math.min(o.pollMs, 50));
        } else {
          for (const w of waiters) w();
          const ms = due ? Math.min(o.pollMs, due.getTime() - o.clock.now().getTime()) : o.pollMs;
          await pause(ms);
        }
        continue;
      }
      await pause(o.pollMs); // woken when a row finishes or new rows arrive
    }
  }

  let renewTimer: NodeJS.Timeout | undefined;
  function renew(): void {
    if (working.size === 0) return;
    const until = new Date(o.clock.now().getTime() + o.leaseMs);
    o.store.outbox
      .renewLeases(owner, [...working], until)
      .catch((err: unknown) => o.logger.warn({ err }, 'could not renew provisioning leases; another worker may take the rows over'));
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      renewTimer = setInterval(renew, Math.max(10, Math.floor(o.leaseMs / 3)));
      renewTimer.unref();
      loopDone = loop();
    },
    async stop() {
      running = false;
      wake();
      await loopDone;
      await Promise.allSettled([...inflight]);
      clearInterval(renewTimer);
      // Normally nothing is left leased (each delivery ends by completing or re-queueing its row); a row whose
      // bookkeeping failed is handed back now instead of waiting for its lease to run out.
      await o.store.outbox
        .releaseLeases(owner)
        .catch((err: unknown) => o.logger.warn({ err }, 'could not release provisioning leases at stop'));
    },
    wake,
    idle({ timeoutMs = 60000 } = {}) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`provisioning outbox not idle after ${timeoutMs} ms`)), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        wake();
      });
    },
  };
}
