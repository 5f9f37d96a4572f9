// Provisioning benchmark: N users bound to the TalentLMS application through ONE group,
// IdP → SP over HTTP end to end (outbox → worker → lookup + POST per user → SP SQLite), timed from
// the binding to the last delivered change. Also measures, in the same run, the SP's raw SCIM
// create rate (direct POST /Users with the same concurrency, keep-alive), the ceiling for
// provisioning (which needs a lookup GET before each POST, as the IdM integration must).
//   node --import tsx bench/provisioning.ts [users]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIdp, DEMO_APPLICATION } from '@samlbridge/idp';
import { freePort } from '../test/support/stack.js';

export interface ProvisioningBenchResult {
  users: number;
  seconds: number;
  usersPerSec: number;
  rawCreates: number;
  rawCreatesPerSec: number;
  concurrency: number;
  failed: number;
}

const TOKEN = 'bench-scim-token-0123456789abcdef';

export async function benchProvisioning({ users = 10000, concurrency = 32, rawCreates = 3000 } = {}): Promise<ProvisioningBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-bench-prov-'));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  // The SP runs in its own process (as it would in production), so each app has a core.
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'sp-child.ts'), [join(dir, 'sp'), String(spPort), TOKEN], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const spUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve(String(m)));
    child.once('exit', (code) => reject(new Error(`SP exited (${code})`)));
  });
  const idp = await createIdp({
    env: {},
    config: {
      port: idpPort,
      baseUrl: `http://localhost:${idpPort}`,
      dataDir: join(dir, 'idp'),
      logLevel: 'silent',
      provisioningConcurrency: concurrency,
      provisioningPollMs: 20,
    },
  });
  try {
    const d = idp.services.directory;
    const app = await d.createApplication({
      catalog: 'talentlms',
      name: DEMO_APPLICATION,
      displayLabel: 'TalentLMS',
      spEntityId: 'localhost',
      acsUrls: [`${spUrl}/acs`],
    } as never);
    const scimUrl = `${spUrl}/api/scim2`;
    await idp.provisioning.idm.activate(app.id, { baseUrl: scimUrl, token: TOKEN }, 'bench');
    await idp.provisioning.worker.idle();

    // The SP's raw create rate: direct POSTs, same concurrency.
    const rawStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < rawCreates) {
          const i = next++;
          const res = await fetch(`${scimUrl}/Users`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
            body: JSON.stringify({
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              userName: `raw${i}`,
              name: { givenName: 'Raw', familyName: String(i) },
              emails: [{ value: `raw${i}@example.com`, primary: true }],
            }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`raw create → ${res.status}`);
        }
      }),
    );
    const rawSeconds = (performance.now() - rawStart) / 1000;

    // The directory: N users in one group, not yet bound (nothing queued yet).
    const group = await d.createGroup({ name: 'Bench learners' });
    for (let i = 0; i < users; i++) {
      const u = await d.createUser({
        username: `learner${i}`,
        email: `learner${i}@example.com`,
        firstName: 'Learner',
        lastName: String(i),
      });
      await d.addMember(group.id, u.id);
    }

    // Bind the group: one transaction queues N creates + the group push; time until all delivered.
    const start = performance.now();
    await d.bindGroup(app.id, group.id);
    for (;;) {
      const counts = await idp.store.outbox.counts(app.id);
      if (counts.pending === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - start) / 1000;
    const counts = await idp.store.outbox.counts(app.id);
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const users = Number(process.argv[2] ?? 10000);
  const r = await benchProvisioning({ users });
  console.log(
    `provisioned ${r.users} users IdP → SP in ${r.seconds.toFixed(1)} s: ${r.usersPerSec.toFixed(0)} users/s (target: 10,000 in ≤ 40 s) ${r.seconds <= 40 * (r.users / 10000) ? 'met' : 'MISSED'}`,
  );
  console.log(`SP raw SCIM create rate (direct POST /Users, concurrency ${r.concurrency}): ${r.rawCreatesPerSec.toFixed(0)} creates/s`);
  console.log(
    `provisioning ÷ raw create rate = ${(r.usersPerSec / r.rawCreatesPerSec).toFixed(2)} (each provisioned user costs a lookup GET + a POST); failed rows: ${r.failed}`,
  );
  process.exit(0);
}
