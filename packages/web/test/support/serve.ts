// A real Koa app on a loopback port for middleware tests.
import Koa, { type Middleware } from 'koa';
import { listen, type RunningServer } from '../../src/server.js';

/** Listens on a free port with `middleware` in order; close() when done. */
export async function serve(...middleware: Middleware[]): Promise<RunningServer> {
  const app = new Koa();
  app.silent = true;
  for (const m of middleware) app.use(m);
  return listen(app, 0);
}
