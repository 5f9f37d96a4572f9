// A free loopback port for an app whose base URL must name its port before it listens. The port comes from this
// process's own block (test-ports.ts), not from listen(0), so no other process of the run can be given it while the
// app is being built; it is checked by listening on it once, which skips ports something else already holds.
import { createServer } from 'node:net';
import { type PortRange, testPortRange } from './test-ports.js';

/** The next port to try in each range handed out from, by "first-last". */
const cursors = new Map<string, number>();

/** Listens on 127.0.0.1:`port` and closes again; false when the port is taken (or not ours to take). */
async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(false) : reject(err),
    );
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  return listening;
}

/**
 * The next port of `range` (by default this process's block) that nothing listens on; each port is handed out
 * once per pass through the range.
 */
export async function freePort(range: PortRange = testPortRange()): Promise<number> {
  const key = `${range.first}-${range.last}`;
  const size = range.last - range.first + 1;
  // A child process that inherits its parent's block starts elsewhere in it than the parent did.
  let next = cursors.get(key) ?? range.first + (process.pid % size);
  for (let tried = 0; tried < size; tried++) {
    const port = next;
    next = port === range.last ? range.first : port + 1;
    cursors.set(key, next);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port left in ${key}`);
}
