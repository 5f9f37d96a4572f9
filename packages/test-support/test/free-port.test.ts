import { createServer, type Server } from 'node:net';
import { expect } from 'chai';
import { freePort } from '../src/free-port.js';
import { ephemeralLow, portRangeEnv, splitPortRange, TEST_PORTS_ENV, testPortRange } from '../src/test-ports.js';

const listenOn = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  it('names a loopback port a server can listen on next, from its block, below the ephemeral ports', async () => {
    const port = await freePort();
    const { first, last } = testPortRange();
    expect(port).to.be.within(first, last);
    expect(port).to.be.below(ephemeralLow());
    const server = await listenOn(port);
    expect((server.address() as { port: number }).port).to.equal(port);
    await close(server);
  });

  it('hands out every port of a range once, concurrent calls included, before it hands one out again', async () => {
    const { first } = testPortRange();
    const range = { first, last: first + 5 };
    const ports = await Promise.all(Array.from({ length: 6 }, () => freePort(range)));
    expect([...ports].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5].map((i) => first + i));
    expect(await freePort(range)).to.equal(ports[0]);
  });

  it('skips a port something listens on, and says so when the whole range is taken', async () => {
    const { first } = testPortRange();
    const range = { first: first + 10, last: first + 11 };
    const held = await listenOn(await freePort(range));
    const heldPort = (held.address() as { port: number }).port;
    try {
      const other = await freePort(range);
      expect(other).to.not.equal(heldPort);
      expect(await freePort(range)).to.equal(other);
      const second = await listenOn(other);
      const error = await freePort(range).then(
        () => undefined,
        (err: Error) => err.message,
      );
      await close(second);
      expect(error).to.equal(`no free port left in ${range.first}-${range.last}`);
    } finally {
      await close(held);
    }
  });
});

describe('test port ranges', () => {
  it('is the block SAMLBRIDGE_TEST_PORTS names, else every port from 20000 up to the ephemeral range', () => {
    expect(testPortRange({ [TEST_PORTS_ENV]: '21000-21999' })).to.deep.equal({ first: 21000, last: 21999 });
    expect(testPortRange({})).to.deep.equal({ first: 20000, last: ephemeralLow() - 1 });
  });

  it('refuses a block that is not FIRST-LAST within 1024-65535, naming the variable', () => {
    for (const bad of ['21000', '2000-1000', '80-90', '60000-70000', 'a-b'])
      expect(() => testPortRange({ [TEST_PORTS_ENV]: bad })).to.throw(`${TEST_PORTS_ENV}="${bad}" is not a port range`);
  });

  it('splits a range into blocks that cover it without overlap, and round-trips a block through the environment', () => {
    const blocks = splitPortRange({ first: 20000, last: 32767 }, 4);
    expect(blocks[0]?.first).to.equal(20000);
    expect(blocks.at(-1)?.last).to.equal(32767);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]?.first).to.equal((blocks[i - 1]?.last as number) + 1);
    expect(testPortRange(portRangeEnv(blocks[2] as { first: number; last: number }))).to.deep.equal(blocks[2]);
    expect(() => splitPortRange({ first: 20000, last: 20001 }, 3)).to.throw('cannot split 2 ports into 3 blocks');
  });
});
