// Provisioning through the SP's default SCIM rate limit (600 requests/min), IdP → SP over HTTP: N users bound
// through one group; the SP's limit runs in short windows (SP_SCIM_RATE_LIMIT_WINDOW_SECONDS) so the run stays under
// a minute. Reports the achieved request rate ÷ the allowed rate (target ≥ 0.9) and the failed events (target 0).
//   node --import tsx bench/rate-limited.ts [users]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSp } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';
import { freePort } from '../test/support/stack.js';
import {
  configurePlaceholderSso,
  connectTalentLms,
  outboxDrained,
  provisioningIdp,
  BENCH_SCIM_TOKEN as TOKEN,
} from './provisioning-setup.js';

export interface RateLimitedBenchResult {
  users: number;
  seconds: number;
  requests: number;
  allowedPerSec: number;
  achievedPerSec: number;
  ratio: number;
  failedEvents: number;
  failedRows: number;
}

export async function benchRateLimited({ users = 150, perMinute = 600, windowSeconds = 6 } = {}): Promise<RateLimitedBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-bench-pace-'));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  let sent = 0;
  const sp = await createSp({
    env: {},
    config: {
      port: spPort,
      baseUrl: `http://localhost:${spPort}`,
      dataDir: join(dir, 'sp'),
      logLevel: 'silent',
      scimToken: TOKEN,
      scimRateLimitPerMinute: perMinute,
      scimRateLimitWindowSeconds: windowSeconds,
    },
  });
  await configurePlaceholderSso(sp);
  // Counts the SCIM requests the SP accepted (not 429) while the binding runs.
  sp.app.middleware.unshift(async (ctx, next) => {
    await next();
    if (ctx.path.startsWith('/api/scim2') && ctx.status !== 429) sent++;
  });
  const spServer = await listen(sp.app, spPort);
  const idp = await provisioningIdp(idpPort, join(dir, 'idp'));
  try {
    const d = idp.services.directory;
    // The group is not bound yet: connecting first queues nothing.
    const { appId } = await connectTalentLms(idp, sp.config.baseUrl);
    const group = await d.createGroup({ name: 'Paced learners' });
    for (let i = 0; i < users; i++) {
      const u = await d.createUser({ username: `paced${i}`, email: `paced${i}@example.com`, firstName: 'Paced', lastName: String(i) });
      await d.addMember(group.id, u.id);
    }
    // Start on a fresh window, so the unused budget of the current one does not flatter the rate.
    const windowMs = windowSeconds * 1000;
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 5));
    sent = 0;
    const start = performance.now();
    await d.bindGroup(appId, group.id);
    await outboxDrained(idp, appId);
    const seconds = (performance.now() - start) / 1000;
    const requests = sent;
    const counts = await idp.store.outbox.counts(appId);
    const failedEvents = (await idp.services.events.list({ success: false, limit: 1000 })).items.filter((e) =>
      e.type.endsWith('_provision'),
    ).length;
    const allowedPerSec = perMinute / 60;
    const achievedPerSec = requests / seconds;
    return {
      users,
      seconds,
      requests,
      allowedPerSec,
      achievedPerSec,
      ratio: achievedPerSec / allowedPerSec,
      failedEvents,
      failedRows: counts.failed,
    };
  } finally {
    await idp.close();
    await spServer.close();
    await sp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchRateLimited({ users: Number(process.argv[2] ?? 150) });
  console.log(
    `${r.users} users, ${r.requests} SCIM requests in ${r.seconds.toFixed(1)} s: ${r.achievedPerSec.toFixed(2)}/s of ${r.allowedPerSec}/s allowed = ${r.ratio.toFixed(2)} (target ≥ 0.90) ${r.ratio >= 0.9 ? 'met' : 'MISSED'}, failed events ${r.failedEvents} (target 0) ${r.failedEvents === 0 ? 'met' : 'MISSED'}`,
  );
  process.exit(r.ratio >= 0.9 && r.failedEvents === 0 ? 0 : 1);
}
