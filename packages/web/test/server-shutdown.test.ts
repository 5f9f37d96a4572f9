// Graceful stop of web's listen(): requests in flight finish, idle keep-alive connections close at once,
// nothing new is accepted, and whatever outlives the grace period is cut.
import { Agent, request } from 'node:http';
import { expect } from 'chai';
import Koa from 'koa';
import { listen } from '../src/index.js';

function get(url: string, agent?: Agent): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An app whose /slow answers when `release()` is called; `started` resolves when /slow arrived. */
function slowApp() {
  let release: () => void = () => {};
  let arrived: () => void = () => {};
  const started = new Promise<void>((r) => (arrived = r));
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path === '/slow') {
      const answer = new Promise<void>((r) => (release = r));
      arrived();
      await answer;
    }
    ctx.body = `done ${ctx.path}`;
  });
  return { app, started, release: () => release() };
}

describe('listen(): graceful close', () => {
  it('lets a request in flight finish during close, and the close waits for it', async () => {
    const { app, started, release } = slowApp();
    const server = await listen(app, 0);
    const inFlight = get(`${server.url}/slow`);
    await started;
    let closed = false;
    const closing = server.close(5000).then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed, 'close waits for the request in flight').to.equal(false);
    release();
    const res = await inFlight;
    expect(res.status).to.equal(200);
    expect(res.body).to.equal('done /slow');
    expect(res.connection, 'the connection is not kept alive by a server going away').to.equal('close');
    await closing;
  });

  it('closes idle keep-alive connections at once instead of waiting for the grace period', async () => {
    const { app } = slowApp();
    const server = await listen(app, 0);
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await get(`${server.url}/fast`, agent)).status).to.equal(200);
      // A grace period longer than any test timeout: close() ends only because the idle connection was closed.
      await server.close(3_600_000);
    } finally {
      agent.destroy();
    }
  });

  it('refuses new connections once closing', async () => {
    const { app, started, release } = slowApp();
    const server = await listen(app, 0);
    const inFlight = get(`${server.url}/slow`);
    await started;
    const closing = server.close(5000);
    const error = await get(`${server.url}/fast`).then(
      () => undefined,
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(error).to.equal('ECONNREFUSED');
    release();
    await inFlight;
    await closing;
  });

  it('cuts a request that outlives the grace period', async () => {
    const { app, started } = slowApp();
    const server = await listen(app, 0);
    const inFlight = get(`${server.url}/slow`).then(
      () => 'answered',
      () => 'cut',
    );
    await started;
    await server.close(100);
    expect(await inFlight).to.equal('cut');
  });
});
