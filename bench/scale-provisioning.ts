// Provisioning at scale (bench/scale.ts, BENCH_SCALE=1): a directory of N users seeded straight into the IdP's
// database in one unbound group, the SP in its own process (bench/sp-child.ts) on the same engine, the group bound
// to the application: timed from the binding until the outbox is drained, as bench/provisioning.ts does. Run for a
// small and a big N; the big run may take at most (big ÷ small) × the small run's time (linear growth).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, seedTestSigningKey } from '@samlbridge/test-support';
import { hashPassword } from '@samlbridge/web';
import { connectTalentLms, forkSpChild, outboxDrained, provisioningIdp, BENCH_SCIM_TOKEN as TOKEN } from './provisioning-setup.js';
import type { TargetRow } from './scale.js';
import type { Databases, Engine } from './scale-apps.js';
import { seedIdpDirectory } from './scale-seed.js';

const EVERYONE = 'scale-everyone';

/** Seconds from binding a group of `users` to every user delivered at the SP. */
async function provisionOnce(engine: Engine, dbs: Databases, users: number, passwordHash: string): Promise<number> {
  const [idpDb, spDb] = [await dbs.fresh('prov_idp'), await dbs.fresh('prov_sp')];
  const dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'samlbridge-scale-prov-')));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  const { child, ready } = forkSpChild(join(dir, 'sp'), spPort, spDb.url);
  try {
    const spUrl = await ready;
    const idp = await provisioningIdp(idpPort, dir, { databaseUrl: idpDb.url, provisioningConcurrency: 32 });
    try {
      const { appId, scimUrl } = await connectTalentLms(idp, spUrl);
      await seedIdpDirectory(idpDb.target, {
        users,
        passwordHash,
        boundGroupId: EVERYONE,
        boundMembers: 0,
        departments: 20,
        allGroupId: EVERYONE,
      });

      const start = performance.now();
      await idp.services.directory.bindGroup(appId, EVERYONE);
      await outboxDrained(idp, appId, 50);
      const seconds = (performance.now() - start) / 1000;
      const { failed } = await idp.store.outbox.counts(appId);
      const res = await fetch(`${scimUrl}/Users?count=0`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const atSp = ((await res.json()) as { totalResults: number }).totalResults;
      if (failed > 0 || atSp !== users)
        throw new Error(`[${engine}] provisioning ${users}: ${atSp} users at the SP, ${failed} failed rows`);
      return seconds;
    } finally {
      await idp.close();
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    await idpDb.drop();
    await spDb.drop();
  }
}

export async function benchScaleProvisioning(
  engine: Engine,
  dbs: Databases,
  [small, big]: [number, number],
  log: (line: string) => void,
): Promise<TargetRow[]> {
  const hash = await hashPassword('bench-scale-password');
  const smallSeconds = await provisionOnce(engine, dbs, small, hash);
  log(`[${engine}] provisioned ${small.toLocaleString('en-US')} users in ${smallSeconds.toFixed(1)} s`);
  const bigSeconds = await provisionOnce(engine, dbs, big, hash);
  log(`[${engine}] provisioned ${big.toLocaleString('en-US')} users in ${bigSeconds.toFixed(1)} s`);
  const allowed = big / small;
  const ratio = bigSeconds / smallSeconds;
  return [
    {
      engine,
      measure: `provisioning ${big.toLocaleString('en-US')} ÷ ${small.toLocaleString('en-US')} users: ${bigSeconds.toFixed(1)} s vs ${smallSeconds.toFixed(1)} s`,
      value: `${ratio.toFixed(2)}×`,
      target: `≤ ${allowed.toFixed(0)}×`,
      met: ratio <= allowed,
    },
  ];
}
