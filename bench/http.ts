// The IdP's SSO endpoint over real HTTP for a signed-in session: every request authorizes the
// user and issues a freshly signed Response (IdP-initiated). autocannon on loopback; the IdP runs in its
// own process (bench/idp-child.ts), as in production, so the load generator does not share its event loop.
// Target: requests/s ≥ 0.6 of the raw-sign limit (raw RSA-2048 signs/s ÷ signatures per Response).
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { generateSigningMaterial } from '@samlbridge/certs';
import autocannon from 'autocannon';
import { HttpBrowser, onlyForm } from '../test/support/http-browser.js';
import { loginValues } from '../test/support/saml-form.js';
import { type IdpProcess, startIdpProcess } from './idp-process.js';

export interface HttpResult {
  requestsPerSec: number;
  p99Ms: number;
  non2xx: number;
  /** Requests answered in the measurement. */
  requests: number;
  /** The IdP process's CPU time per request (user + system), in microseconds: steadier than req/s on a busy machine. */
  cpuMicrosPerRequest: number;
  /** The same for the IdP's main thread alone (signing threads excluded; /proc/<pid>/task/<pid>/stat). */
  mainThreadMicrosPerRequest: number;
  /** The same for its busiest other thread during the load: the signing thread (IDP_SIGNING_THREADS=1). */
  busiestThreadMicrosPerRequest: number;
}

/** Every thread's CPU time so far, in microseconds, by thread id. */
function threadsCpuMicros(pid: number): Map<string, number> {
  const all = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      all.set(tid, threadCpuMicros(pid, Number(tid)));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return all;
}

/** A thread's CPU time so far (utime + stime, clock ticks of 10 ms), in microseconds. */
function threadCpuMicros(pid: number, tid = pid): number {
  const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** A signed-in IdP session's cookie header (the demo user, through the login form). */
export async function signedInCookie(idp: IdpProcess, username = idp.username, password = idp.password): Promise<string> {
  const browser = new HttpBrowser();
  const login = await browser.get(`${idp.url}/saml2/${idp.appName}`);
  await browser.submit(
    onlyForm(login, (f) => 'password' in f.fields),
    loginValues(username, password),
  );
  return [...browser.cookies(idp.url)].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** autocannon against the SSO endpoint with a signed-in session. */
export async function loadSsoEndpoint(idp: IdpProcess, cookie: string, seconds: number, connections = 8): Promise<HttpResult> {
  const cpuBefore = await idp.cpuMicros();
  const mainBefore = threadCpuMicros(idp.pid);
  const threadsBefore = threadsCpuMicros(idp.pid);
  const result = await autocannon({ url: `${idp.url}/saml2/${idp.appName}`, connections, duration: seconds, headers: { cookie } });
  const cpu = (await idp.cpuMicros()) - cpuBefore;
  const main = threadCpuMicros(idp.pid) - mainBefore;
  let busiest = 0;
  for (const [tid, micros] of threadsCpuMicros(idp.pid)) {
    if (Number(tid) !== idp.pid) busiest = Math.max(busiest, micros - (threadsBefore.get(tid) ?? 0));
  }
  return {
    requestsPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    requests: result.requests.total,
    cpuMicrosPerRequest: cpu / Math.max(1, result.requests.total),
    mainThreadMicrosPerRequest: main / Math.max(1, result.requests.total),
    busiestThreadMicrosPerRequest: busiest / Math.max(1, result.requests.total),
  };
}

/** CPU time (µs) of one raw RSA-2048 SHA-256 signature over a SignedInfo-sized payload, as signing.ts measures its rate. */
export function rawSignCpu(iterations = 2000): number {
  const key = createPrivateKey(generateSigningMaterial({ commonName: 'bench IdP' }).privateKeyPem);
  const payload = randomBytes(500);
  for (let i = 0; i < 100; i++) sign('sha256', payload, key);
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) sign('sha256', payload, key);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

export async function benchSsoEndpoint({ seconds, connections = 8 }: { seconds: number; connections?: number }): Promise<HttpResult> {
  const idp = await startIdpProcess();
  try {
    const cookie = await signedInCookie(idp);
    await loadSsoEndpoint(idp, cookie, Math.min(2, seconds), connections); // warm-up (JIT, caches)
    return await loadSsoEndpoint(idp, cookie, seconds, connections);
  } finally {
    await idp.stop();
  }
}

// `node --import tsx bench/http.ts [seconds]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSsoEndpoint({ seconds: Number(process.argv[2] ?? 3) })));
  process.exit(0);
}
