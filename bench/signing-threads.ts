// Responses signed on the main thread (`issue`) vs on signing threads (IDP_SIGNING_THREADS, keys/signing-workers.ts):
// per Response, the main thread's CPU (from /proc/self/task/<pid>/stat), the whole process's CPU and wall time,
// with `inFlight` Responses at once.   node --import tsx bench/signing-threads.ts [responses=2000] [inFlight=8]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { generateSigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, type ResponseInput } from '@samlbridge/protocol';
import { createLogger } from '@samlbridge/web';
import { createSigningWorkers } from '../packages/idp/src/keys/signing-workers.js';

const total = Number(process.argv[2] ?? 2000);
const inFlight = Number(process.argv[3] ?? 8);
const material = generateSigningMaterial({ commonName: 'bench signing threads' });
const signer = createResponseSigner(material);
const key = { id: 'k', privateKeyPem: material.privateKeyPem };
const now = new Date();
const input = (n: number): ResponseInput => ({
  responseId: `_r${n}`,
  assertionId: `_a${n}`,
  issueInstant: now,
  issuer: 'https://idp.example.test/saml2/talentlms',
  destination: 'https://sp.example.test/acs',
  status: { code: 'Success' },
  signing: 'both',
  assertion: {
    nameId: 'jane.doe@example.com',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    subjectNotOnOrAfter: now,
    notBefore: now,
    notOnOrAfter: now,
    audience: 'https://sp.example.test',
    authnInstant: now,
    sessionIndex: '_s',
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    attributes: [{ name: 'Email', values: ['jane.doe@example.com'] }],
  },
});

/** The main thread's CPU so far (µs): utime + stime of task <pid> (clock ticks of 10 ms). */
function mainThreadMicros(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function measure(name: string, issue: (i: ResponseInput) => Promise<string>) {
  let next = 0;
  const worker = async () => {
    while (next < total) await issue(input(next++));
  };
  for (let i = 0; i < 200; i++) await issue(input(i)); // warm-up
  next = 0;
  const [main0, cpu0, t0] = [mainThreadMicros(), process.cpuUsage(), process.hrtime.bigint()];
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wall = Number(process.hrtime.bigint() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const main = mainThreadMicros() - main0;
  console.log(
    `${name.padEnd(22)}: ${Math.round((total / wall) * 1e6)} Responses/s, main thread ${Math.round(main / total)} µs, process ${Math.round((cpu.user + cpu.system) / total)} µs per Response; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

await measure('main thread (issue)', async (i) => signer.issue(i));
const workers = createSigningWorkers({ threads: 1, logger: createLogger('bench', 'silent') });
await measure('1 signing thread', (i) => signer.issueAsync(i, workers.signatureWith(key)));
await workers.close();
const two = createSigningWorkers({ threads: 2, logger: createLogger('bench', 'silent') });
await measure('2 signing threads', (i) => signer.issueAsync(i, two.signatureWith(key)));
await two.close();
