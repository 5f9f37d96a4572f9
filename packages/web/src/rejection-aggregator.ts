// A flood of rejected SAML messages must not write a row per message: rejections from one client address for one
// reason (and application) within a window share ONE event row, written at the first rejection, whose count is
// brought up to date when the window closes (at the next rejection after it, at the periodic flush, or at stop).
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface RejectionKey {
  address: string;
  reason: string;
  application: string;
}

export interface RejectionAggregatorOptions<Row> {
  clock: Clock;
  logger: Logger;
  windowSeconds: number;
  /** Sets the count of that row. */
  updateCount(row: Row, count: number): Promise<void>;
  /** Most keys kept in memory at once (default 10,000); past it, windows are closed early. */
  maxKeys?: number;
}

export interface RejectionAggregator<Row = unknown> {
  /** `write` stores the event of a window's first rejection (count 1) and returns what `updateCount` needs. */
  /** Resolves true when this rejection opened a window (a row was written), false when it was only counted. */
  record(key: RejectionKey, write: () => Promise<Row>): Promise<boolean>;
  /** Writes the counts of windows that are over (and of all of them with `all`). */
  flush(all?: boolean): Promise<void>;
  /** Flushes everything and stops the timer. */
  stop(): Promise<void>;
}

interface Window<Row> {
  start: number;
  count: number;
  written: number;
  row: Promise<Row>;
}

export function createRejectionAggregator<Row>(o: RejectionAggregatorOptions<Row>): RejectionAggregator<Row> {
  const windows = new Map<string, Window<Row>>();
  const windowMs = o.windowSeconds * 1000;
  const maxKeys = o.maxKeys ?? 10_000;

  async function close(id: string, w: Window<Row>): Promise<void> {
    windows.delete(id);
    if (w.count === w.written) return;
    try {
      await o.updateCount(await w.row, w.count);
    } catch (err) {
      o.logger.warn({ err, count: w.count }, 'could not update the count of a rejected-message event');
    }
  }

  async function flush(all = false): Promise<void> {
    const now = o.clock.now().getTime();
    const over = [...windows].filter(([, w]) => all || now - w.start >= windowMs);
    await Promise.all(over.map(([id, w]) => close(id, w)));
  }

  const timer = setInterval(() => void flush(), Math.max(1000, windowMs));
  timer.unref();

  return {
    async record(key, write) {
      const id = JSON.stringify([key.address, key.reason, key.application]);
      const now = o.clock.now().getTime();
      const open = windows.get(id);
      if (open && now - open.start < windowMs) {
        open.count += 1;
        return false;
      }
      if (open) await close(id, open);
      if (windows.size >= maxKeys) await flush(true);
      const w: Window<Row> = { start: now, count: 1, written: 1, row: write() };
      windows.set(id, w);
      try {
        await w.row;
      } catch (err) {
        windows.delete(id);
        throw err;
      }
      return true;
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush(true);
    },
  };
}
