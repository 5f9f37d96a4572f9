// Kill the IdP (a child process, SIGKILL) in the middle of a push, restart it on the same data:
// every change arrives, exactly once.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIdp, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { listen, type RunningServer } from '@samlbridge/web';
import { expect } from 'chai';
import { wireDemo } from '../../scripts/wire-demo.js';
import { freePort } from '../support/stack.js';
import { eventually, SCIM_TOKEN } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const USERS = 300;

describe('provisioning survives an IdP crash mid-push', function () {
  this.timeout(90000);
  let dir: string;
  let sp: Sp;
  let spServer: RunningServer;
  let idp: Idp | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-crash-'));
    const spPort = await freePort();
    sp = await createSp({
      env: {},
      config: {
        port: spPort,
        baseUrl: `http://localhost:${spPort}`,
        dataDir: join(dir, 'sp'),
        logLevel: 'silent',
        scimToken: SCIM_TOKEN,
        scimRateLimitPerMinute: 0,
      },
    });
    spServer = await listen(sp.app, spPort);
  });
  after(async () => {
    await idp?.close();
    await spServer.close();
    await sp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const total = async () => {
    const res = await fetch(`${sp.config.baseUrl}/api/scim2/Users?count=1`, { headers: { authorization: `Bearer ${SCIM_TOKEN}` } });
    return ((await res.json()) as { totalResults: number }).totalResults;
  };

  it('delivers every queued change once after a SIGKILL and a restart', async () => {
    const idpDir = join(dir, 'idp');
    const quiet = { dataDir: idpDir, logLevel: 'silent', provisioningWorker: false, provisioningLeaseSeconds: 2 };
    // 1. queue the changes (worker off): activation + USERS new members of the bound group
    const first = await createIdp({ env: {}, config: quiet });
    const { app } = await wireDemo(first, sp);
    await first.provisioning.idm.activate(app.id, { baseUrl: `${sp.config.baseUrl}/api/scim2`, token: SCIM_TOKEN }, 'test');
    for (let i = 0; i < USERS; i++) {
      const u = await first.services.directory.createUser({
        username: `crash${i}`,
        email: `crash${i}@example.com`,
        firstName: 'C',
        lastName: `${i}`,
      });
      await first.services.directory.addMember(app.seeded.groupId, u.id);
    }
    expect((await first.provisioning.idm.get(app.id)).outbox.pending).to.be.greaterThan(USERS);
    await first.close();

    // 2. a child IdP pushes, and is killed mid-way
    const child = fork(join(here, 'idp-worker-child.ts'), [idpDir], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    await eventually(async () => (await total()) >= USERS / 4, { timeoutMs: 30000, intervalMs: 20 });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = await total();
    expect(atKill).to.be.lessThan(USERS + 1);

    // 3. restart: the rest arrives, nothing twice
    idp = await createIdp({ env: {}, config: { ...quiet, provisioningWorker: true, provisioningPollMs: 50 } });
    await eventually(async () => (await total()) === USERS + 1, { timeoutMs: 60000, intervalMs: 100 });
    await eventually(async () => (await idp!.provisioning.idm.get(app.id)).outbox.pending === 0, { timeoutMs: 30000 });
    expect(await total()).to.equal(USERS + 1);
    expect((await idp.provisioning.idm.get(app.id)).outbox.failed).to.equal(0);
    for (const i of [0, Math.floor(USERS / 2), USERS - 1]) {
      const res = await fetch(`${sp.config.baseUrl}/api/scim2/Users?filter=${encodeURIComponent(`userName eq "crash${i}"`)}`, {
        headers: { authorization: `Bearer ${SCIM_TOKEN}` },
      });
      const body = (await res.json()) as { totalResults: number; Resources: Array<{ name: { familyName: string } }> };
      expect(body.totalResults).to.equal(1);
      expect(body.Resources[0]!.name.familyName).to.equal(String(i));
    }
    console.log(`      (killed with ${atKill} of ${USERS + 1} users at the SP)`);
  });
});
