// A minimal load balancer for the multi-instance test: one public loopback URL, requests forwarded
// (method, path, headers and body untouched, Host included) to the backend instance the test picked
// with `use()`. Every forwarded request is logged with the instance that served it.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class Balancer {
  /** Instance name → backend port on 127.0.0.1. */
  backends: Record<string, number> = {};
  readonly log: { instance: string; method: string; path: string; status: number }[] = [];
  private current = '';

  private constructor(
    private readonly server: Server,
    /** Public base URL, e.g. `http://127.0.0.1:40123`. */
    readonly url: string,
  ) {}

  static async start(): Promise<Balancer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const balancer = new Balancer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      const instance = balancer.current;
      const port = balancer.backends[instance];
      if (port === undefined) {
        res.writeHead(502).end('no backend selected');
        return;
      }
      const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        balancer.log.push({ instance, method: req.method ?? '', path: req.url ?? '', status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502);
        res.end(`backend ${instance} failed: ${err.message}`);
      });
      req.pipe(upstream);
    });
    return balancer;
  }

  /** The instance that serves the next requests. */
  use(instance: string): void {
    if (!(instance in this.backends)) throw new Error(`no backend named ${instance}`);
    this.current = instance;
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

export const startBalancer = () => Balancer.start();
