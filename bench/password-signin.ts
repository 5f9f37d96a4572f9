// Password sign-ins over HTTP against the raw scrypt rate, measured in the same run.
//   sign-ins/s: `connections` clients, each in a loop: GET /login (a fresh visitor: no cookies), then POST the
//     form with a user's username + password (+ its CSRF token) → 302 to the user console. One sign-in = one
//     password check = one scrypt (web's verifyPassword), run by the IdP's bounded password queue.
//   raw scrypt/s: crypto.scrypt with the same parameters (N=2^15, r=8, p=1, 32-byte key), called directly with
//     the same parallelism the IdP gives password checks (IDP_PASSWORD_CONCURRENCY, default 4) on the same size
//     of libuv threadpool (UV_THREADPOOL_SIZE, default 4), in this process while the IdP is idle, before and after
//     the sign-ins (their mean: a busy machine drifts).
// Target: sign-ins/s ≥ 0.8 × raw scrypt/s.
//   node --import tsx bench/password-signin.ts [seconds]
import { randomBytes, scrypt } from 'node:crypto';
import { HttpBrowser, onlyForm } from '../test/support/http-browser.js';
import { startIdpProcess } from './idp-process.js';

export interface PasswordSignInResult {
  signInsPerSec: number;
  rawScryptPerSec: number;
  ratio: number;
  /** Password checks the IdP runs at once (and the raw measurement's parallelism). */
  parallelism: number;
  failed: number;
}

/** The IdP's default (IDP_PASSWORD_CONCURRENCY). */
const PASSWORD_CONCURRENCY = 4;

/** crypto.scrypt calls/s with web's parameters, `parallelism` at a time. */
export async function rawScryptRate(seconds: number, parallelism: number): Promise<number> {
  const salt = randomBytes(16);
  const once = () =>
    new Promise<void>((resolve, reject) =>
      scrypt('correct horse battery', salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  await Promise.all(Array.from({ length: parallelism }, once)); // warm-up
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: parallelism }, async () => {
      while (performance.now() < end) {
        await once();
        n += 1;
      }
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

export async function benchPasswordSignIns({
  seconds,
  connections = 8,
}: {
  seconds: number;
  connections?: number;
}): Promise<PasswordSignInResult> {
  const idp = await startIdpProcess({ passwordUsers: 16 });
  try {
    let next = 0;
    let done = 0;
    let failed = 0;
    const signIn = async (): Promise<boolean> => {
      const browser = new HttpBrowser();
      const form = onlyForm(await browser.request('GET', `${idp.url}/login`), (f) => 'password' in f.fields);
      const username = idp.users[next++ % idp.users.length] as string;
      const page = await browser.request('POST', form.action, { ...form.fields, username, password: idp.userPassword });
      return page.status === 302 && page.headers.get('location') === '/userconsole/';
    };
    await Promise.all(Array.from({ length: connections }, signIn)); // warm-up
    const rawBefore = await rawScryptRate(seconds / 2, PASSWORD_CONCURRENCY);
    const start = performance.now();
    const end = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < end) {
          if (await signIn()) done += 1;
          else failed += 1;
        }
      }),
    );
    const signInsPerSec = done / ((performance.now() - start) / 1000);
    const rawScryptPerSec = (rawBefore + (await rawScryptRate(seconds / 2, PASSWORD_CONCURRENCY))) / 2;
    return { signInsPerSec, rawScryptPerSec, ratio: signInsPerSec / rawScryptPerSec, parallelism: PASSWORD_CONCURRENCY, failed };
  } finally {
    await idp.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPasswordSignIns({ seconds: Number(process.argv[2] ?? 5) })));
  process.exit(0);
}
