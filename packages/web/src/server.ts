import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Graceful stop: no new connections, idle keep-alive connections closed at once, requests in flight may finish
   * (their connections close after the response) for up to `graceMs` (default: listen's `graceMs`, else 10 s);
   * whatever is still open then is cut.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  /** Default grace period of close(), in milliseconds. */
  graceMs?: number;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Listens on host:port (port 0 picks a free port) and returns the bound URL and a graceful close(). */
export async function listen(app: Koa, port: number, host = '127.0.0.1', options: ListenOptions = {}): Promise<RunningServer> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  const bound = (server.address() as AddressInfo).port;
  const inflight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  server.on('request', (_req, res: ServerResponse) => {
    // RFC 9112 §9.6: a server that is going away says so, and the client opens its next request elsewhere.
    if (closing) res.shouldKeepAlive = false;
    inflight.add(res);
    res.once('close', () => inflight.delete(res));
  });

  function close(graceMs = options.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS): Promise<void> {
    closing ??= new Promise<void>((resolve, reject) => {
      let cut: NodeJS.Timeout | undefined;
      const sweepIdle = setInterval(() => server.closeIdleConnections(), 25);
      server.close((err) => {
        clearInterval(sweepIdle);
        if (cut) clearTimeout(cut);
        if (err) reject(err);
        else resolve();
      });
      for (const res of inflight) if (!res.headersSent) res.shouldKeepAlive = false;
      server.closeIdleConnections();
      cut = setTimeout(() => server.closeAllConnections(), graceMs);
      cut.unref();
    });
    return closing;
  }

  return { url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${bound}`, port: bound, close };
}
