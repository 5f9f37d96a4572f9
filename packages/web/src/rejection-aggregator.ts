// A flood of rejected SAML messages must not write a row per message: within a window, the first few rejections
// from one client address for one reason (and application) keep a row each (their detail helps a person diagnose),
// and all later ones share ONE more row whose count is brought up to date when the window closes (at the next
// rejection after it, at the periodic flush, or at stop). Rows per address and reason: at most `individually` + 1
// per window, however many messages arrive.
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
  /** Rejections per key and window that keep a row each before the rest are counted on one row (default 5). */
  individually?: number;
}

/** Where and how long an aggregator counts: its clock, its logger and the window (`windowSeconds`). */
export type RejectionWindow = Pick<RejectionAggregatorOptions<unknown>, 'clock' | 'logger' | 'windowSeconds'>;

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
  /** Rejections written one row each so far. */
  single: number;
  /** The counted row and its count (after `individually` single rows). */
  count: number;
  written: number;
  row?: Promise<Row>;
}

export function createRejectionAggregator<Row>(o: RejectionAggregatorOptions<Row>): RejectionAggregator<Row> {
  const windows = new Map<string, Window<Row>>();
  const windowMs = o.windowSeconds * 1000;
  const maxKeys = o.maxKeys ?? 10_000;
  const individually = o.individually ?? 5;

  async function close(id: string, w: Window<Row>): Promise<void> {
    windows.delete(id);
    if (!w.row || w.count === w.written) return;
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

  const timer = setInterval(() => void flush(), Math.max(1000, windowMs || 60_000));
  timer.unref();

  return {
    async record(key, write) {
      if (windowMs === 0) {
        await write();
        return true;
      }
      const id = JSON.stringify([key.address, key.reason, key.application]);
      const now = o.clock.now().getTime();
      let w = windows.get(id);
      if (w && now - w.start >= windowMs) {
        await close(id, w);
        w = undefined;
      }
      if (!w) {
        if (windows.size >= maxKeys) await flush(true);
        w = { start: now, single: 0, count: 0, written: 0 };
        windows.set(id, w);
      }
      if (w.single < individually) {
        w.single += 1;
        await write();
        return true;
      }
      if (w.row) {
        w.count += 1;
        return false;
      }
      const opened = w;
      opened.count = 1;
      opened.written = 1;
      opened.row = write();
      try {
        await opened.row;
      } catch (err) {
        opened.row = undefined;
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
