// The set-up the provisioning tests share: a real IdP seeded like the demo (SQLite in a temp folder, or the
// PostgreSQL database of `config.databaseUrl`) and the fake SCIM server its TalentLMS application provisions to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedTestSigningKey, TEST_PASSWORD_HASH_COST } from '@samlbridge/test-support';
import type { Clock } from '@samlbridge/web';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';
import { type FakeScim, startFakeScim } from './fake-scim.js';

/** Retries and polling in tens of milliseconds: a test sees a retried change within a second. */
export const FAST_PROVISIONING = { provisioningRetryBaseMs: 40, provisioningRetryMaxMs: 200, provisioningPollMs: 50 } as const;

export interface ScimIdp {
  idp: Idp;
  /** The application's SCIM server (not yet connected: activate Identity Management to use it). */
  scim: FakeScim;
  /** The demo TalentLMS application, its bound group and the demo user. */
  appId: string;
  groupId: string;
  demoUserId: string;
  close(): Promise<void>;
}

export async function startScimIdp(config: Record<string, unknown>, { clock }: { clock?: Clock } = {}): Promise<ScimIdp> {
  const dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'idp-scim-')));
  // The SCIM server stamps its requests with the IdP's clock, so a test compares times on one clock.
  const scim = await startFakeScim(undefined, clock ? { now: () => clock.now().getTime() } : {});
  const idp = await createIdp({
    env: {},
    ...(clock ? { clock } : {}),
    config: { dataDir: dir, logLevel: 'silent', passwordHashCost: TEST_PASSWORD_HASH_COST, ...config },
    logger: pino({ level: 'silent' }),
  });
  const app = await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
  return {
    idp,
    scim,
    appId: app.id,
    groupId: app.seeded.groupId,
    demoUserId: app.seeded.userId,
    async close() {
      await idp.close();
      await scim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
