// Provisioning benchmark: N users bound to the TalentLMS application through ONE group,
// IdP → SP over HTTP end to end (outbox → worker → POST per user → SP SQLite), timed from
// the binding to the last delivered change. Also measures, in the same run, the SP's raw SCIM
// create rate (direct POST /Users with the same concurrency, keep-alive), the ceiling for
// provisioning (one POST per user never pushed before; a lookup only when the SP answers 409).
//   node --import tsx bench/provisioning.ts [users]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/stack.js';
import { connectTalentLms, forkSpChild, outboxDrained, provisioningIdp, BENCH_SCIM_TOKEN as TOKEN } from './provisioning-setup.js';

export interface ProvisioningBenchResult {
  users: number;
  seconds: number;
  usersPerSec: number;
  rawCreates: number;
  rawCreatesPerSec: number;
  concurrency: number;
  failed: number;
}

export async function benchProvisioning({ users = 10000, concurrency = 32, rawCreates = 3000 } = {}): Promise<ProvisioningBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-bench-prov-'));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  // The SP runs in its own process (as it would in production), so each app has a core.
  const { child, ready } = forkSpChild(join(dir, 'sp'), spPort);
  const spUrl = await ready;
  const idp = await provisioningIdp(idpPort, join(dir, 'idp'), { provisioningConcurrency: concurrency });
  try {
    const d = idp.services.directory;
    const { appId, scimUrl } = await connectTalentLms(idp, spUrl);

    // The SP's raw create rate: direct POSTs, same concurrency, half before and half after the provisioning run
    // (the machine may be shared: both halves see the load the run saw).
    let rawSeconds = await rawCreateSeconds(scimUrl, 'raw', Math.ceil(rawCreates / 2), concurrency);

    // The directory: N users in one group, not yet bound (nothing queued yet), seeded through the store in
    // transactions of 1,000 (the admin API's validation is not what this measures, and costs minutes at 10,000).
    const group = await d.createGroup({ name: 'Bench learners' });
    const created = new Date();
    for (let from = 0; from < users; from += 1000) {
      await idp.store.transaction(async (tx) => {
        for (let i = from; i < Math.min(users, from + 1000); i++) {
          const id = randomUUID();
          await tx.users.insert({
            id,
            username: `learner${i}`,
            email: `learner${i}@example.com`,
            firstName: 'Learner',
            lastName: String(i),
            status: 'active',
            passwordHash: null,
            createdAt: created,
            updatedAt: created,
          });
          await tx.groups.addMember(group.id, id);
        }
      });
    }

    // Bind the group: one transaction queues N creates + the group push; time until all delivered.
    const start = performance.now();
    await d.bindGroup(appId, group.id);
    await outboxDrained(idp, appId);
    const seconds = (performance.now() - start) / 1000;
    rawSeconds += await rawCreateSeconds(scimUrl, 'after', Math.floor(rawCreates / 2), concurrency);
    const counts = await idp.store.outbox.counts(appId);
    const check = await fetch(`${scimUrl}/Users?count=1&filter=${encodeURIComponent('userName sw "learner"')}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const atSp = ((await check.json()) as { totalResults: number }).totalResults;
    if (atSp !== users) throw new Error(`expected ${users} provisioned users at the SP, found ${atSp}`);
    return {
      users,
      seconds,
      usersPerSec: users / seconds,
      rawCreates,
      rawCreatesPerSec: rawCreates / rawSeconds,
      concurrency,
      failed: counts.failed,
    };
  } finally {
    await idp.close();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds to create `count` users at the SP with direct POST /Users, `concurrency` at a time (keep-alive). */
async function rawCreateSeconds(scimUrl: string, prefix: string, count: number, concurrency: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await fetch(`${scimUrl}/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `${prefix}${i}`,
            name: { givenName: 'Raw', familyName: String(i) },
            emails: [{ value: `${prefix}${i}@example.com`, primary: true }],
          }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`raw create → ${res.status}`);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

/** Provisioning ÷ the SP's raw create rate: the target. */
export const PROVISIONING_RATIO_TARGET = 0.8;

if (import.meta.url === `file://${process.argv[1]}`) {
  const users = Number(process.argv[2] ?? 10000);
  const r = await benchProvisioning({ users });
  const ratio = r.usersPerSec / r.rawCreatesPerSec;
  console.log(
    `provisioned ${r.users} users IdP → SP in ${r.seconds.toFixed(1)} s: ${r.usersPerSec.toFixed(0)} users/s (target: 10,000 in ≤ 40 s) ${r.seconds <= 40 * (r.users / 10000) ? 'met' : 'MISSED'}`,
  );
  console.log(`SP raw SCIM create rate (direct POST /Users, concurrency ${r.concurrency}): ${r.rawCreatesPerSec.toFixed(0)} creates/s`);
  console.log(
    `provisioning ÷ raw create rate = ${ratio.toFixed(2)} (target ≥ ${PROVISIONING_RATIO_TARGET}) ${ratio >= PROVISIONING_RATIO_TARGET ? 'met' : 'MISSED'}; failed rows: ${r.failed}`,
  );
  process.exit(ratio >= PROVISIONING_RATIO_TARGET && r.failed === 0 ? 0 : 1);
}
