// The set-up the import tests share: an IdP (SQLite in a temp folder, provisioning worker off, on the test's
// clock) whose demo TalentLMS application imports hourly from a fake SCIM server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedTestSigningKey, TEST_PASSWORD_HASH_COST } from '@samlbridge/test-support';
import type { Clock } from '@samlbridge/web';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';
import { type FakeScim, startFakeScim } from './fake-scim.js';

export interface ImportSetup {
  idp: Idp;
  /** The application's SCIM server; tests put remote users into `scim.users`. */
  scim: FakeScim;
  /** The demo TalentLMS application, Identity Management active with an hourly import. */
  appId: string;
  close(): Promise<void>;
}

export async function startImportSetup(clock: Clock): Promise<ImportSetup> {
  const dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'idp-import-')));
  const scim = await startFakeScim();
  const idp = await createIdp({
    env: {},
    clock,
    config: {
      dataDir: dir,
      logLevel: 'silent',
      passwordHashCost: TEST_PASSWORD_HASH_COST,
      provisioningWorker: false,
      secretKey: 'b'.repeat(64),
    },
    logger: pino({ level: 'silent' }),
  });
  const app = await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
  await idp.provisioning.idm.activate(app.id, { baseUrl: scim.url, token: scim.token, importSchedule: 'hourly' }, 'test');
  return {
    idp,
    scim,
    appId: app.id,
    async close() {
      await idp.close();
      await scim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
