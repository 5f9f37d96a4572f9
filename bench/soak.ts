// Soak: SSO logins for BENCH_SOAK_SECONDS (default 120) against one IdP process; its RSS (and heap) after a
// warm-up vs at the end, each taken right after a full GC in the IdP (it runs with --expose-gc).
// The load: autocannon on the SSO endpoint with a signed-in session (a signed Response per request), plus
// whole sign-ins alongside (a fresh visitor: SSO → login form → password → Response), so the login flow,
// session creation and the password queue are soaked too. Target: RSS growth < 20 MB.
//   node --import tsx bench/soak.ts [seconds]
import autocannon from 'autocannon';
import { HttpBrowser, onlyForm } from '../test/support/http-browser.js';
import { signedInCookie } from './http.js';
import { startIdpProcess } from './idp-process.js';

export interface SoakResult {
  seconds: number;
  requests: number;
  fullSignIns: number;
  non2xx: number;
  rssStartMb: number;
  rssEndMb: number;
  rssGrowthMb: number;
  heapStartMb: number;
  heapEndMb: number;
  heapGrowthMb: number;
}

const MB = 1024 * 1024;

export async function benchSoak({
  seconds,
  warmupSeconds = Math.min(20, Math.max(2, seconds / 6)),
}: {
  seconds: number;
  warmupSeconds?: number;
}): Promise<SoakResult> {
  const idp = await startIdpProcess({ passwordUsers: 4 });
  try {
    const cookie = await signedInCookie(idp);
    const load = (duration: number) =>
      autocannon({ url: `${idp.url}/saml2/${idp.appName}`, connections: 4, duration, headers: { cookie } });
    let fullSignIns = 0;
    const signInsFor = async (duration: number) => {
      const end = performance.now() + duration * 1000;
      while (performance.now() < end) {
        const browser = new HttpBrowser();
        const form = onlyForm(await browser.get(`${idp.url}/saml2/${idp.appName}`), (f) => 'password' in f.fields);
        const page = await browser.submit(form, {
          username: idp.users[fullSignIns % idp.users.length] as string,
          password: idp.userPassword,
        });
        if (!page.body.includes('SAMLResponse')) throw new Error(`a soak sign-in ended at ${page.url} (${page.status})`);
        fullSignIns += 1;
      }
    };
    await Promise.all([load(warmupSeconds), signInsFor(warmupSeconds)]);
    const before = await idp.memory();
    if (process.env.BENCH_SOAK_SNAPSHOTS) console.log(`heap snapshot: ${await idp.heapSnapshot()}`);
    const [result] = await Promise.all([load(seconds), signInsFor(seconds)]);
    const after = await idp.memory();
    if (process.env.BENCH_SOAK_SNAPSHOTS) console.log(`heap snapshot: ${await idp.heapSnapshot()}`);
    return {
      seconds,
      requests: result.requests.total,
      fullSignIns,
      non2xx: result.non2xx,
      rssStartMb: before.rss / MB,
      rssEndMb: after.rss / MB,
      rssGrowthMb: (after.rss - before.rss) / MB,
      heapStartMb: before.heapUsed / MB,
      heapEndMb: after.heapUsed / MB,
      heapGrowthMb: (after.heapUsed - before.heapUsed) / MB,
    };
  } finally {
    await idp.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSoak({ seconds: Number(process.argv[2] ?? process.env.BENCH_SOAK_SECONDS ?? 120) })));
  process.exit(0);
}
