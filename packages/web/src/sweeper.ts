// The periodic housekeeping both apps run (expired sessions, stale throttle rows, events past retention, …):
// once at start, then every interval; a failing task is logged and retried at the next sweep, never fatal.
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** Named tasks; each returns how many rows it deleted. */
export type SweepTasks = Record<string, (now: Date) => Promise<number>>;

export interface Sweeper {
  /** One sweep now (tests call it after moving the clock); rejects with the first task failure. */
  sweep(): Promise<Record<string, number>>;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

export function startSweeper(
  tasks: SweepTasks,
  { clock, logger, intervalMs }: { clock: Clock; logger: Logger; intervalMs: number },
): Sweeper {
  let running: Promise<Record<string, number>> | undefined;
  function sweep(): Promise<Record<string, number>> {
    running ??= (async () => {
      try {
        const now = clock.now();
        const result: Record<string, number> = {};
        for (const [name, task] of Object.entries(tasks)) result[name] = await task(now);
        if (Object.values(result).some((n) => n > 0)) logger.debug(result, 'housekeeping deleted rows');
        return result;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }
  const timer = setInterval(() => {
    sweep().catch((err: unknown) => logger.warn({ err }, 'housekeeping failed; retrying at the next sweep'));
  }, intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch((err: unknown) => logger.debug({ err }, 'the sweep in progress at stop failed'));
    },
  };
}
