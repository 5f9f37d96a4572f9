// The SSO endpoint target alone, for working on it without the whole `npm run bench`:
// raw RSA-2048 signs/s and the HTTP SSO endpoint (bench/http.ts) measured in the same run, `rounds` times
// alternately so a change in the machine's load hits both alike, then each round's ratio and its CPU ratio.
//   node --import tsx bench/sso-endpoint.ts [seconds=3] [rounds=3]
// BENCH_SSO_BASELINE=<another checkout, installed> also starts that checkout's bench IdP and measures it in the same
// rounds (slices alternate), so a change is compared with its base on a machine whose load moves.
// BENCH_COUNT_STATEMENTS=1 also prints the SQLite statements per request under the load (this checkout only).
// BENCH_SSO_PROFILE=<file.cpuprofile> writes a CPU profile of the IdP during the measured load only (not its start-up);
// bench/cpuprofile-summary.ts sums it by function, file and package.
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { generateSigningMaterial } from '@samlbridge/certs';
import { type HttpResult, loadSsoEndpoint, rawSignCpu, signedInCookie } from './http.js';
import { type IdpProcess, startIdpProcess } from './idp-process.js';
import { rate } from './rate.js';

const SIGNATURES_PER_RESPONSE = 2;
const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 3);
const baselineDir = process.env.BENCH_SSO_BASELINE;
const profile = process.env.BENCH_SSO_PROFILE;

const key = createPrivateKey(generateSigningMaterial({ commonName: 'bench IdP' }).privateKeyPem);
const payload = randomBytes(500);

interface Target {
  name: string;
  idp: IdpProcess;
  cookie: string;
}

async function target(name: string, start: typeof startIdpProcess): Promise<Target> {
  const idp = await start();
  const cookie = await signedInCookie(idp);
  await loadSsoEndpoint(idp, cookie, Math.min(2, seconds)); // warm-up (JIT, caches)
  return { name, idp, cookie };
}

const targets: Target[] = [await target('this', startIdpProcess)];
if (baselineDir) {
  const base = (await import(join(baselineDir, 'bench/idp-process.ts'))) as { startIdpProcess: typeof startIdpProcess };
  targets.push(await target('baseline', base.startIdpProcess));
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
try {
  for (let round = 1; round <= rounds; round++) {
    const rawSignsPerSec = await rate(seconds, () => sign('sha256', payload, key));
    const rawCpu = rawSignCpu(1000);
    const limit = rawSignsPerSec / SIGNATURES_PER_RESPONSE;
    const results: [Target, HttpResult][] = [];
    // Alternate which goes first, so neither always follows the raw-sign measurement.
    for (const t of round % 2 ? targets : [...targets].reverse()) {
      if (profile && t.name === 'this') await t.idp.startProfile();
      const before = t.name === 'this' ? await t.idp.statements() : 0;
      const http = await loadSsoEndpoint(t.idp, t.cookie, seconds);
      if (process.env.BENCH_COUNT_STATEMENTS && t.name === 'this') {
        const n = (await t.idp.statements()) - before;
        console.log(`round ${round} this    : ${(n / http.requests).toFixed(2)} SQLite statements per request (${n} for ${http.requests})`);
      }
      if (profile && t.name === 'this') await t.idp.stopProfile(`${profile.replace(/\.cpuprofile$/, '')}-${round}.cpuprofile`);
      results.push([t, http]);
    }
    for (const [t, http] of results.sort((a, b) => a[0].name.localeCompare(b[0].name)).reverse()) {
      console.log(
        `round ${round} ${t.name.padEnd(8)}: ${http.requestsPerSec.toFixed(0)} req/s ÷ ${limit.toFixed(0)} Responses/s = ${(http.requestsPerSec / limit).toFixed(2)}; ` +
          `main thread ${http.mainThreadMicrosPerRequest.toFixed(0)} µs/request, signing thread ${http.busiestThreadMicrosPerRequest.toFixed(0)}; CPU ${http.cpuMicrosPerRequest.toFixed(0)} µs/request vs ${SIGNATURES_PER_RESPONSE} × ${rawCpu.toFixed(0)} µs = ${((rawCpu * SIGNATURES_PER_RESPONSE) / http.cpuMicrosPerRequest).toFixed(2)}; ` +
          `p99 ${http.p99Ms} ms, non-2xx ${http.non2xx}; load ${load()}`,
      );
    }
    if (results.length === 2) {
      const [base, ours] = [results.find((r) => r[0].name === 'baseline'), results.find((r) => r[0].name === 'this')].map(
        (r) => r?.[1] as HttpResult,
      ) as [HttpResult, HttpResult];
      console.log(
        `round ${round} this ÷ baseline: req/s ${(ours.requestsPerSec / base.requestsPerSec).toFixed(2)}×, CPU per request ${(ours.cpuMicrosPerRequest / base.cpuMicrosPerRequest).toFixed(2)}×, main thread per request ${(ours.mainThreadMicrosPerRequest / base.mainThreadMicrosPerRequest).toFixed(2)}×`,
      );
    }
  }
} finally {
  for (const t of targets) await t.idp.stop();
}
process.exit(0);
