// Takes threads of libuv's threadpool the way a login burst's scrypt checks do, but for as long as a test wants:
// an fs.open() of a FIFO that has no writer holds its pool thread until some process opens the FIFO for writing.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, open, openSync } from 'node:fs';
import { join } from 'node:path';

/** libuv's pool size in this process (UV_THREADPOOL_SIZE, default 4). */
export const LIBUV_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

export interface PoolHold {
  /** Takes one pool thread (resolves once released). */
  take(): Promise<void>;
  /** Pool threads taken so far. */
  readonly taken: number;
  /** Lets every taken thread go and waits until they are back. */
  release(): Promise<void>;
}

export function libuvPoolHold(dir: string, name = 'hold-the-pool'): PoolHold {
  const fifo = join(dir, name);
  execFileSync('mkfifo', [fifo]);
  let taken = 0;
  let released = 0;
  const all: Promise<void>[] = [];
  return {
    take() {
      taken++;
      const p = new Promise<void>((resolve, reject) =>
        open(fifo, 'r', (err, fd) => {
          if (err) return reject(err);
          closeSync(fd);
          released++;
          resolve();
        }),
      );
      all.push(p);
      return p;
    },
    get taken() {
      return taken;
    },
    async release() {
      // Opening the FIFO for writing frees every reader blocked in open() at that moment (fifo(7)). Non-blocking:
      // ENXIO means no reader is blocked right now, either because all were freed and their callbacks have not run
      // yet, or because a pool thread has not reached its open() yet; so look again on the next turn of the loop.
      // (A blocking writer here could open after the last reader was freed and then wait for a reader forever.)
      while (released < taken) {
        try {
          closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await Promise.all(all);
    },
  };
}
