import { createServer } from 'node:net';
import { expect } from 'chai';
import { freePort } from '../src/free-port.js';

describe('freePort', () => {
  it('names a loopback port a server can listen on next', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    expect((server.address() as { port: number }).port).to.equal(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
