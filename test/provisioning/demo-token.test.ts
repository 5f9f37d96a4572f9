// `npm start` wiring without SP_SCIM_TOKEN / IDP_DEMO_SCIM_TOKEN: no published key. A random key is
// generated for the data folder at the first start (the SP stores it hashed, the IdP encrypted),
// provisioning is live, and a restart on the same data keeps working.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { freePort } from '@samlbridge/test-support';
import { listen, type RunningServer } from '@samlbridge/web';
import { expect } from 'chai';
import { activateDemoProvisioning, type DemoProvisioning, provisioningBanner, wireDemo } from '../../scripts/wire-demo.js';
import { onLoopback } from '../support/loopback.js';

const PUBLISHED_OLD_DEFAULT = 'samlbridge-demo-scim-token';

describe('demo wiring: the SCIM key when none is configured', function () {
  this.timeout(30000);
  let dir: string;
  let ports: [number, number];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-demo-token-'));
    ports = [await freePort(), await freePort()];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** One `npm start` (no token settings) on this test's data folder; returns what it printed and a stop. */
  async function start(): Promise<{ idp: Idp; sp: Sp; provisioning: DemoProvisioning; banner: string; stop(): Promise<void> }> {
    const [idpPort, spPort] = ports;
    const idp = await createIdp({
      env: {},
      config: { ...onLoopback(idpPort, join(dir, 'idp')), logLevel: 'silent' },
    });
    const sp = await createSp({
      env: {},
      config: { ...onLoopback(spPort, join(dir, 'sp')), logLevel: 'silent' },
    });
    const { app } = await wireDemo(idp, sp);
    const servers: RunningServer[] = [await listen(idp.app, idpPort), await listen(sp.app, spPort)];
    const provisioning = await activateDemoProvisioning(idp, sp);
    return {
      idp,
      sp,
      provisioning,
      banner: provisioningBanner(provisioning, app.name),
      async stop() {
        for (const s of servers) await s.close();
        await idp.close();
        await sp.close();
      },
    };
  }

  const scimStatus = async (sp: Sp, token: string) =>
    (await fetch(`${sp.config.baseUrl}/api/scim2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('generates a random key at the first start, activates provisioning, and prints how it is wired (not the key)', async () => {
    const first = await start();
    try {
      expect(first.provisioning).to.include({ outcome: 'activated', active: true, source: 'generated' });
      expect(first.banner).to.include('IdP "talentlms" Identity Management → SCIM http://localhost:');
      expect(first.banner).to.include('random key generated for this data folder');
      expect(await scimStatus(first.sp, PUBLISHED_OLD_DEFAULT)).to.equal(401); // the old published key opens nothing
      const demo = await first.idp.services.directory.createUser({ username: 'wired.one', email: 'wired.one@example.com' });
      const group = await first.idp.services.directory.findGroupByName('TalentLMS Users');
      await first.idp.services.directory.addMember(group!.id, demo.id);
      await first.idp.provisioning.worker.idle();
      const app = await first.idp.provisioning.idm.get('talentlms');
      expect((await first.idp.provisioning.userStatus(app.applicationId, demo.id)).lastSuccess).to.equal(true);
    } finally {
      await first.stop();
    }
  });

  it('a restart on the same data folder keeps the key: the stored integration still verifies', async () => {
    const first = await start();
    try {
      expect(first.provisioning).to.include({ outcome: 'activated', active: true, source: 'generated' });
    } finally {
      await first.stop();
    }
    const again = await start();
    try {
      expect(again.provisioning).to.include({ outcome: 'already_configured', active: true });
      expect(again.banner).to.include('configured earlier');
      const view = await again.idp.provisioning.idm.reauth('talentlms', {}, 'test'); // verified over HTTP with the stored token
      expect(view.active).to.equal(true);
    } finally {
      await again.stop();
    }
  });
});
