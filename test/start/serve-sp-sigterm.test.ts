// One SP instance (scripts/serve.ts sp, as deployments run several): it answers /healthz and /readyz, and on
// SIGTERM it stops taking connections, lets the request in flight finish, and exits 0; a start-up failure exits 1
// with its reason. A real process, real TCP.
import { connect, type Socket } from 'node:net';
import { eventually, tempDirFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { bundledEntry } from '../support/bundled-entry.js';
import { startNodeProcess } from '../support/node-process.js';

const root = new URL('../..', import.meta.url).pathname;
const ADMIN_KEY = 'serve-sp-admin-key';

// scripts/serve.ts as `npm run build` bundles it for deployments (test/support/bundled-entry.ts).
const serveSp = async (env: Record<string, string>) =>
  startNodeProcess([await bundledEntry('scripts/serve.ts'), 'sp'], {
    cwd: root,
    env: { SP_PORT: '0', SP_LOG_LEVEL: 'error', SERVE_HOST: '127.0.0.1', ...env },
  });

/** Whether a new TCP connection to `port` is accepted. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('scripts/serve.ts sp: one SP instance', function () {
  this.timeout(90_000);
  const tmp = tempDirFixture('samlbridge-serve-sp-');

  it('on SIGTERM stops accepting connections, finishes the request in flight, and exits 0', async () => {
    const sp = await serveSp({ SP_DATA_DIR: tmp.path, SP_ADMIN_API_KEY: ADMIN_KEY, SP_SHUTDOWN_GRACE_SECONDS: '60' });
    let socket: Socket | undefined;
    try {
      await eventually(() => /"ready":"sp"/.test(sp.output()), { what: 'the SP listening', timeoutMs: 60_000 });
      const { port } = JSON.parse(
        sp
          .output()
          .split('\n')
          .find((l) => l.includes('"ready"')) ?? '{}',
      ) as { port: number };
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
      // A request in flight: its headers are sent, half its body is not yet.
      const body = JSON.stringify({ remoteSignInUrl: 'https://idp.example.test/saml2/talentlms' });
      const connected = connect(port, '127.0.0.1');
      socket = connected;
      await new Promise((resolve) => connected.once('connect', resolve));
      let answer = '';
      connected.on('data', (c) => (answer += c));
      connected.write(
        `PUT /api/admin/sso HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
      sp.child.kill('SIGTERM');
      await eventually(async () => !(await accepts(port)), { what: 'new connections refused after SIGTERM', timeoutMs: 30_000 });
      expect(answer, 'no answer before the whole body arrived').to.equal('');
      connected.write(body.slice(10));
      await eventually(() => /\r\n\r\n[\s\S]*\}$/.test(answer), { what: 'the answer to the request in flight', timeoutMs: 30_000 });
      expect(answer).to.match(/^HTTP\/1\.1 (200|400) /);
      expect(answer).to.contain('remoteSignInUrl');
      expect(await sp.exit).to.equal(0);
    } finally {
      socket?.destroy();
      sp.child.kill('SIGKILL');
    }
  });

  it('exits 1 with the reason when the SP cannot start', async () => {
    const sp = await serveSp({ SP_DATA_DIR: tmp.path, SP_DATABASE_URL: 'mysql://nowhere/db' });
    expect(await sp.exit).to.equal(1);
    expect(sp.output()).to.contain('sp did not start');
    expect(sp.output()).to.contain('SP_DATABASE_URL');
  });
});
