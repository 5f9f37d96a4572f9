// A tiny in-memory SCIM server for the IdP's engine tests: records every request, and can be told
// to answer the next requests with a failure (status, headers, body).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Json } from './json.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Json;
  authorization: string | undefined;
  /** When it arrived (Date.now(), or the `now` the server was started with). */
  at: number;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  match?: (r: RecordedRequest) => boolean;
}

export interface FakeScim {
  url: string;
  token: string;
  requests: RecordedRequest[];
  users: Map<string, Json>;
  groups: Map<string, Json>;
  fail(f: Failure, times?: number): void;
  /** Matching requests wait until the returned function is called (in-flight work for progress tests). */
  hold(match: (r: RecordedRequest) => boolean): () => void;
  close(): Promise<void>;
}

async function read(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

const error = (status: number, detail: string, scimType?: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: String(status),
  detail,
  ...(scimType ? { scimType } : {}),
});

export async function startFakeScim(token = 'fake-token', { now = Date.now }: { now?: () => number } = {}): Promise<FakeScim> {
  const requests: RecordedRequest[] = [];
  const users = new Map<string, Json>();
  const groups = new Map<string, Json>();
  const failures: Failure[] = [];
  const holds: Array<{ match: (r: RecordedRequest) => boolean; released: Promise<void> }> = [];
  let next = 1;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/scim/, '');
    const r: RecordedRequest = {
      at: now(),
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: await read(req),
      authorization: req.headers.authorization,
    };
    requests.push(r);
    for (const h of holds) if (h.match(r)) await h.released;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!url.pathname.startsWith('/scim/')) return send(404, error(404, 'no such endpoint'));
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, error(401, 'invalid API key'));
    const i = failures.findIndex((f) => !f.match || f.match(r));
    if (i >= 0) {
      const [f] = failures.splice(i, 1);
      return send(f!.status, f!.body ?? error(f!.status, `injected ${f!.status}`), f!.headers);
    }
    const [, kind, id] = path.split('/');
    const store = kind === 'Groups' ? groups : users;
    if (path === '/ServiceProviderConfig') return send(200, { patch: { supported: true } });
    if (r.method === 'GET' && !id) {
      const filter = url.searchParams.get('filter');
      let items = [...store.values()];
      const m = filter && /^(\w+) eq (".*")$/.exec(filter);
      if (m) {
        const value = JSON.parse(m[2]!) as string;
        items = items.filter((u) => String(u[m[1]!]).toLowerCase() === value.toLowerCase());
      }
      const start = Number(url.searchParams.get('startIndex') ?? 1);
      const count = Number(url.searchParams.get('count') ?? 100);
      return send(200, {
        totalResults: items.length,
        startIndex: start,
        itemsPerPage: count,
        Resources: items.slice(start - 1, start - 1 + count),
      });
    }
    if (r.method === 'POST') {
      const key = kind === 'Groups' ? 'displayName' : 'userName';
      if ([...store.values()].some((u) => String(u[key]).toLowerCase() === String(r.body[key]).toLowerCase())) {
        return send(409, error(409, `${key} is not unique`, 'uniqueness'));
      }
      const resource = { ...r.body, id: String(next++) };
      store.set(resource.id, resource);
      return send(201, resource);
    }
    const resource = id ? store.get(id) : undefined;
    if (!resource) return send(404, error(404, 'not found'));
    if (r.method === 'GET') return send(200, resource);
    if (r.method === 'DELETE') {
      store.delete(id!);
      return send(204);
    }
    if (r.method === 'PATCH') {
      for (const op of r.body.Operations) {
        if (op.path === 'members' && op.op === 'add') resource.members = [...(resource.members ?? []), ...op.value];
        else if (op.op === 'remove' && /^members\[/.test(op.path)) {
          const v = JSON.parse(/eq (".*")\]$/.exec(op.path)![1]!);
          resource.members = (resource.members ?? []).filter((m: Json) => m.value !== v);
        } else if (op.path.includes('.')) {
          const [a, b] = op.path.split('.');
          resource[a] = { ...(resource[a] ?? {}), [b]: op.value };
        } else resource[op.path] = op.value;
      }
      return send(200, resource);
    }
    send(405, error(405, 'method not allowed'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/scim`,
    token,
    requests,
    users,
    groups,
    fail(f, times = 1) {
      for (let i = 0; i < times; i++) failures.push(f);
    },
    hold(match) {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ match, released });
      return release;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
