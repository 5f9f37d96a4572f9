// A real Koa app on a loopback port for middleware tests, and a parser for its Set-Cookie lines.
import Koa, { type Middleware } from 'koa';
import { listen, type RunningServer } from '../../src/server.js';

/** Listens on a free port with `middleware` in order; close() when done. */
export async function serve(...middleware: Middleware[]): Promise<RunningServer> {
  const app = new Koa();
  app.silent = true;
  for (const m of middleware) app.use(m);
  return listen(app, 0);
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flag attributes (HttpOnly, Secure) map to ''. */
  attributes: Record<string, string>;
}

export function setCookies(res: Response): SetCookie[] {
  return res.headers.getSetCookie().map((line) => {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    const attributes: Record<string, string> = {};
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
      attributes[key] = i < 0 ? '' : attr.slice(i + 1).trim();
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
  });
}

/** The one Set-Cookie line for `name`, or undefined. */
export function setCookie(res: Response, name: string): SetCookie | undefined {
  return setCookies(res).find((c) => c.name === name);
}
