// Takes threads of libuv's threadpool the way a login burst's scrypt checks do, but for as long as a test wants:
// an fs.open() of a FIFO that has no writer holds its pool thread until some process opens the FIFO for writing.
import { execFile, execFileSync } from 'node:child_process';
import { closeSync, open } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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
      // A writer (in a child process: the open blocks until a reader is there) frees every reader waiting at once.
      while (released < taken) await run('sh', ['-c', `: > '${fifo}'`], { timeout: 10_000 });
      await Promise.all(all);
    },
  };
}
