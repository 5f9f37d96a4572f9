// `npm run bench`: every benchmark in one run, so ratios compare numbers measured on the same
// machine at the same time. Prints a table and the ratios against the raw RSA-2048 sign rate.
// BENCH_SECONDS (default 3) sets the duration of each measurement; BENCH_USERS (default 10000) the
// size of the provisioning run; BENCH_SOAK_SECONDS (default 120) the IdP soak, BENCH_PASSWORD_SECONDS (default 6)
// the password sign-in measurement (bench/idp-targets.ts); BENCH_SCALE / BENCH_SCALE_USERS / BENCH_SCALE_PROVISIONING the scale rows (bench/scale.ts).
import { benchSsoEndpoint } from './http.js';
import { idpSpeedTargets } from './idp-targets.js';
import { benchProvisioning, PROVISIONING_RATIO_TARGET } from './provisioning.js';
import { benchRateLimited } from './rate-limited.js';
import { benchScale, printRows, scaleOptionsFromEnv } from './scale.js';
import { benchSigning } from './signing.js';
import { benchVerify } from './verify.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const ratio = (n: number) => n.toFixed(2);

console.log(`samlbridge benchmarks (${seconds} s per measurement, Node ${process.version})\n`);
const signing = await benchSigning({ seconds });
const verify = await benchVerify({ seconds });
const http = await benchSsoEndpoint({ seconds });
const provisioning = await benchProvisioning({ users: Number(process.env.BENCH_USERS ?? 10_000) });
const paced = await benchRateLimited({ users: Number(process.env.BENCH_PACED_USERS ?? 150) });
// bench/scale.ts: BENCH_SCALE=0 skips it; provisioning 100,000 vs 10,000 users runs on SQLite (BENCH_SCALE_PROVISIONING).
const scale = process.env.BENCH_SCALE === '0' ? [] : await benchScale(scaleOptionsFromEnv(), () => {});
const raw = signing.rawSignsPerSec;
const idpTargets = await idpSpeedTargets({ http, rawSignsPerSec: raw, signaturesPerResponse: signing.signaturesPerResponse });

const rows: [string, string, string][] = [
  ['raw RSA-2048 signs/s (crypto.sign)', fmt(raw), '1.00'],
  ['IdP signed Responses/s (Response + Assertion signed)', fmt(signing.ourResponsesPerSec), ratio(signing.ourResponsesPerSec / raw)],
  ['samlify createLoginResponse/s', fmt(signing.samlifyResponsesPerSec), ratio(signing.samlifyResponsesPerSec / raw)],
  ['SP validations/s (ours)', fmt(verify.ourValidationsPerSec), ratio(verify.ourValidationsPerSec / raw)],
  [
    'SP validations/s (node-saml validatePostResponseAsync)',
    fmt(verify.nodeSamlValidationsPerSec),
    ratio(verify.nodeSamlValidationsPerSec / raw),
  ],
  [
    `IdP SSO endpoint over HTTP, req/s (p99 ${http.p99Ms} ms, non-2xx ${http.non2xx})`,
    fmt(http.requestsPerSec),
    ratio(http.requestsPerSec / raw),
  ],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'measure'.padEnd(width)}  ${'per second'.padStart(10)}  ÷ raw signs/s`);
for (const [name, value, r] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${r.padStart(6)}`);

const efficiency = (signing.ourResponsesPerSec * signing.signaturesPerResponse) / raw;
console.log(`
targets
  IdP signing efficiency (responses/s × ${signing.signaturesPerResponse} signatures ÷ raw signs/s) = ${ratio(efficiency)}  (target ≥ 0.80) ${efficiency >= 0.8 ? 'met' : 'MISSED'}
  ${verify.targetRow}
  our signing vs samlify = ${ratio(signing.ourResponsesPerSec / signing.samlifyResponsesPerSec)}× (responses/s)`);
console.log(idpTargets.lines.join('\n'));
console.log(`
provisioning (IdP outbox → SCIM over HTTP → SP, ${provisioning.concurrency} in flight)
  ${fmt(provisioning.users)} users in ${provisioning.seconds.toFixed(1)} s = ${fmt(provisioning.usersPerSec)} users/s  (target: 10,000 in ≤ 40 s) ${
    provisioning.users >= 10_000 && provisioning.seconds <= 40 ? 'met' : provisioning.users < 10_000 ? '(smaller run)' : 'MISSED'
  }${provisioning.failed ? `, ${provisioning.failed} FAILED` : ''}
  SP raw SCIM creates: ${fmt(provisioning.rawCreatesPerSec)}/s (direct POST /Users); provisioning ÷ raw = ${ratio(provisioning.usersPerSec / provisioning.rawCreatesPerSec)}  (target ≥ ${PROVISIONING_RATIO_TARGET}) ${provisioning.usersPerSec / provisioning.rawCreatesPerSec >= PROVISIONING_RATIO_TARGET ? 'met' : 'MISSED'}`);
console.log(`
provisioning through the SP's default rate limit (${paced.allowedPerSec * 60}/min, IdP paced by RateLimit headers)
  ${fmt(paced.users)} users, ${fmt(paced.requests)} SCIM requests in ${paced.seconds.toFixed(1)} s: achieved ÷ allowed rate = ${ratio(paced.ratio)}  (target ≥ 0.90) ${paced.ratio >= 0.9 ? 'met' : 'MISSED'}; failed events ${paced.failedEvents}  (target 0) ${paced.failedEvents === 0 ? 'met' : 'MISSED'}`);
if (scale.length) {
  console.log('\nscale (big vs small directory, SQLite and PostgreSQL; see bench/scale.ts)');
  printRows(scale);
}
if (http.non2xx > 0) console.log(`  warning: ${http.non2xx} non-2xx answers from the SSO endpoint`);
// A missed target fails the command, so a script or CI job running the benchmark notices.
const missed =
  efficiency < 0.8 ||
  !verify.met ||
  (provisioning.users >= 10_000 && provisioning.seconds > 40) ||
  provisioning.failed > 0 ||
  provisioning.usersPerSec / provisioning.rawCreatesPerSec < PROVISIONING_RATIO_TARGET ||
  paced.ratio < 0.9 ||
  paced.failedEvents > 0 ||
  idpTargets.missed;
process.exit(missed || scale.some((r) => !r.met) ? 1 : 0);
