// `npm run build` makes plain JavaScript that runs without tsx: the built IdP starts, answers /healthz and
// /readyz, and on SIGTERM stops gracefully with exit code 0. A start-up failure exits non-zero with its reason.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, tempDirFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { startNodeProcess } from '../support/node-process.js';

const root = new URL('../..', import.meta.url).pathname;

describe('production build (npm run build, then plain node)', function () {
  this.timeout(120_000);
  const out = `dist-test-${process.pid}`;
  const data = tempDirFixture('samlbridge-built-');
  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', out], { cwd: root, stdio: 'pipe' });
  });
  after(() => rmSync(join(root, out), { recursive: true, force: true }));

  // No tsx anywhere: plain node on the bundle, in a clean environment.
  const run = (env: Record<string, string>) => startNodeProcess([join(root, out, 'bin', 'serve.mjs'), 'idp'], { cwd: data.path, env });

  it('starts the built IdP, which answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
    const idp = run({ IDP_PORT: '0', IDP_DATA_DIR: data.path, IDP_LOG_LEVEL: 'error', SERVE_HOST: '127.0.0.1' });
    try {
      await eventually(() => /"ready":"idp"/.test(idp.output()), { what: 'the built IdP listening', timeoutMs: 30_000 });
      const { port } = JSON.parse(
        idp
          .output()
          .split('\n')
          .find((l) => l.includes('"ready"')) ?? '{}',
      ) as { port: number };
      const alive = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(alive.status).to.equal(200);
      expect(await alive.json()).to.deep.equal({ status: 'alive' });
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
      expect((await fetch(`http://127.0.0.1:${port}/assets/app.css`)).status, 'assets shipped with the bundle').to.equal(200);
      idp.child.kill('SIGTERM');
      expect(await idp.exit).to.equal(0);
    } finally {
      idp.child.kill('SIGKILL');
    }
  });

  it('exits non-zero with the reason when the IdP cannot start', async () => {
    const idp = run({ IDP_PORT: '0', IDP_DATA_DIR: data.path, IDP_DATABASE_URL: 'mysql://nowhere/db' });
    expect(await idp.exit).to.equal(1);
    expect(idp.output()).to.contain('idp did not start');
    expect(idp.output()).to.contain('IDP_DATABASE_URL');
  });
});
