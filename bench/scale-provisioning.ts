// Provisioning at scale (bench/scale.ts, BENCH_SCALE=1): a directory of N users seeded straight into the IdP's
// database in one unbound group, the SP in its own process (bench/sp-child.ts) on the same engine, the group bound
// to the application: timed from the binding until the outbox is drained, as bench/provisioning.ts does. Run for a
// small and a big N; the big run may take at most (big ÷ small) × the small run's time (linear growth).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, seedTestSigningKey } from '@samlbridge/test-support';
import { hashPassword } from '@samlbridge/web';
import { connectTalentLms, forkSpChild, provisioningIdp, BENCH_SCIM_TOKEN as TOKEN } from './provisioning-setup.js';
import type { TargetRow } from './scale.js';
import type { Databases, Engine } from './scale-apps.js';
import { seedIdpDirectory } from './scale-seed.js';

const EVERYONE = 'scale-everyone';

/** CPU seconds used so far by this process and the SP's (Linux /proc; the SP's part is 0 elsewhere). */
function cpuSeconds(childPid: number | undefined): number {
  const own = process.cpuUsage();
  let child = 0;
  try {
    // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
    const fields = readFileSync(`/proc/${childPid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    child = (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    child = 0;
  }
  return (own.user + own.system) / 1e6 + (Number.isFinite(child) ? child : 0);
}

/** Seconds from binding a group of `users` to every user delivered at the SP. */
async function provisionOnce(
  engine: Engine,
  dbs: Databases,
  users: number,
  passwordHash: string,
  log: (line: string) => void,
): Promise<number> {
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
      const cpu = cpuSeconds(child.pid);
      await idp.services.directory.bindGroup(appId, EVERYONE);
      const bound = (performance.now() - start) / 1000;
      // The group's row is delivered last (it waits while any member has a change queued): one index lookup per poll,
      // where counting the outbox would read every row of it, in the IdP's own process, 20 times a second.
      while ((await idp.store.outbox.pendingCount(appId, `group:${EVERYONE}`)) > 0) await new Promise((r) => setTimeout(r, 50));
      const seconds = (performance.now() - start) / 1000;
      const used = cpuSeconds(child.pid) - cpu;
      log(
        `[${engine}] ${users.toLocaleString('en-US')} users: bound (outbox rows written) in ${bound.toFixed(1)} s, delivered in ${seconds.toFixed(1)} s; CPU ${used.toFixed(1)} s (IdP + SP)`,
      );
      const { failed, pending } = await idp.store.outbox.counts(appId);
      const res = await fetch(`${scimUrl}/Users?count=0`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const atSp = ((await res.json()) as { totalResults: number }).totalResults;
      if (failed > 0 || pending > 0 || atSp !== users)
        throw new Error(`[${engine}] provisioning ${users}: ${atSp} users at the SP, ${failed} failed rows, ${pending} still pending`);
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
  const smallSeconds = await provisionOnce(engine, dbs, small, hash, log);
  log(`[${engine}] provisioned ${small.toLocaleString('en-US')} users in ${smallSeconds.toFixed(1)} s`);
  const bigSeconds = await provisionOnce(engine, dbs, big, hash, log);
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
