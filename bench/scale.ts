// How cost grows with the directory, on SQLite and PostgreSQL. Per engine:
//   - a 100,000-user and a 1,000-user IdP directory, seeded straight into the database (one scrypt hash reused);
//   - admin list and search, portal page and admin API (first page, a middle page, name/email prefix, substring):
//     p99 ≤ 100 ms in the big directory;
//   - password sign-in and SSO (IdP-initiated launch of a signed-in user): median latency in the big directory
//     within 1.2× of the small one (measured interleaved, so machine load hits both alike);
//   - the SP's SCIM filtered lookups (userName eq, emails.value eq, externalId eq) with 100,000 SP users: p99 ≤ 20 ms;
//   - provisioning the big directory (IdP → SCIM over HTTP → SP) in at most (big ÷ small) × the time of the small one
//     (default 100,000 vs 10,000 users; minutes): by default on SQLite only (BENCH_SCALE_PROVISIONING, below).
//   node --import tsx bench/scale.ts [--engine sqlite|postgres] [--users 100000] [--small 1000] [--provisioning 10000,100000]
//     [--only lists] (only the list and search rows)
//   (BENCH_SCALE_PROVISIONING=0: no provisioning run unless --provisioning asks for one)
// Exits non-zero when a target is missed.
import { parseArgs } from 'node:util';
import { HttpBrowser, onlyForm } from '../test/support/http-browser.js';
import { type Databases, databases, type Engine, type ScaleIdp, startScaleIdp, startScaleSp } from './scale-apps.js';
import { benchScaleProvisioning } from './scale-provisioning.js';
import { person } from './scale-seed.js';

export interface TargetRow {
  engine: Engine;
  measure: string;
  value: string;
  target: string;
  met: boolean;
}

export interface ScaleOptions {
  engines: Engine[];
  /** The big directory (default 100,000). */
  users: number;
  /** The directory the big one is compared with (default 1,000). */
  smallUsers: number;
  /**
   * Requests per list/search measure (twice as many per SCIM lookup). At least 100, so that the p99 is the 99th of
   * 100 and not the slowest request alone (with 40, one garbage-collection pause decided it).
   */
  samples: number;
  /** Only the list and search rows (no sign-in, SSO, SCIM or provisioning rows): `--only lists`. */
  listsOnly?: boolean;
  /** Provisioning sizes [small, big]; undefined skips the provisioning run. */
  provisioning?: [number, number];
  /** The engines the provisioning run uses (default: every engine of `engines`). */
  provisioningEngines?: Engine[];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Latencies in milliseconds, sorted. */
async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return out.sort((a, b) => a - b);
}

/** Password sign-ins and SSO launches per directory: compared by their medians. */
const SIGN_IN_SAMPLES = 20;
const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
const median = (values: number[]) =>
  pct(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function expectOk(res: Response, what: string): Promise<void> {
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${what} → ${res.status}: ${body.slice(0, 200)}`);
}

/** The admin portal signed in (the bootstrap admin), as a cookie header. */
async function adminCookie(idp: ScaleIdp): Promise<string> {
  const browser = new HttpBrowser();
  const login = await browser.get(`${idp.url}/admin/login`);
  const form = onlyForm(login, (f) => 'password' in f.fields);
  await browser.submit(form, { email: idp.idp.config.adminEmail, password: idp.idp.config.adminPassword });
  return [...browser.cookies(idp.url)].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The list and search requests of the portal and the admin API in a directory of `users`. */
function listRequests(idp: ScaleIdp, users: number): { measure: string; url: string; api: boolean }[] {
  const middle = Math.ceil(users / 50 / 2);
  const someone = person(Math.floor(users / 2));
  const portal = (measure: string, query: string) => ({ measure, url: `${idp.url}/admin/users${query}`, api: false });
  return [
    portal('portal Users, first page', ''),
    portal('portal Users, middle page', `?page=${middle}`),
    portal('portal search, name prefix', `?q=${encodeURIComponent(someone.firstName.toLowerCase().slice(0, 4))}`),
    portal('portal search, email prefix', `?q=${encodeURIComponent(someone.email.slice(0, someone.email.indexOf('.') + 3))}`),
    portal('portal search, username substring', `?q=${encodeURIComponent(someone.username.slice(3, 10))}`),
    portal('portal search, no match', '?q=nobody-has-this'),
    // Every user matches (each email is @example.com): the page is a short walk of the list, the total a full count.
    portal('portal search, term every user has', '?q=example'),
    // One and two characters: no trigram index serves them; a rare pair walks the whole list index.
    portal('portal search, one character', `?q=${encodeURIComponent(someone.lastName.slice(1, 2))}`),
    portal('portal search, two characters, no match', '?q=qz'),
    { measure: 'admin API GET /users, first page', url: `${idp.url}/api/users?limit=100&offset=0`, api: true },
    { measure: 'admin API GET /users, middle page', url: `${idp.url}/api/users?limit=100&offset=${Math.floor(users / 2)}`, api: true },
  ];
}

/** p99 of each list/search request in the big directory (target), next to the same request in the small one. */
async function listAndSearch(engine: Engine, big: ScaleIdp, small: ScaleIdp, o: ScaleOptions): Promise<TargetRow[]> {
  const p99s = async (idp: ScaleIdp, users: number) => {
    const headers = { cookie: await adminCookie(idp), 'x-api-key': idp.idp.config.adminApiKey };
    const out: { p99: number; median: number }[] = [];
    for (const { measure, url, api } of listRequests(idp, users)) {
      const h: Record<string, string> = api ? { 'x-api-key': headers['x-api-key'] } : { cookie: headers.cookie };
      await expectOk(await fetch(url, { headers: h }), measure);
      const sorted = await timed(o.samples, async () => expectOk(await fetch(url, { headers: h }), measure));
      out.push({ p99: pct(sorted, 0.99), median: pct(sorted, 0.5) });
    }
    return out;
  };
  const bigP99 = await p99s(big, o.users);
  const smallP99 = await p99s(small, o.smallUsers);
  return listRequests(big, o.users).map(({ measure }, i) => {
    const p99 = bigP99[i]?.p99 ?? Number.NaN;
    return {
      engine,
      measure: `${measure} p99 (median ${ms(bigP99[i]?.median ?? Number.NaN)}; ${o.smallUsers.toLocaleString('en-US')} users: ${ms(smallP99[i]?.p99 ?? Number.NaN)})`,
      value: ms(p99),
      target: '≤ 100 ms',
      met: p99 <= 100,
    };
  });
}

/** One sign-in through the login form (timed: the POST) and `launches` SSO launches after it (each timed). */
async function signInAndLaunch(idp: ScaleIdp, i: number, launches: number): Promise<{ signIn: number; sso: number[] }> {
  const browser = new HttpBrowser();
  const launch = `${idp.url}/saml2/${idp.appName}`;
  const login = await browser.get(launch);
  const form = onlyForm(login, (f) => 'password' in f.fields);
  const start = performance.now();
  const posted = await browser.request('POST', form.action, { ...form.fields, username: person(i).username, password: idp.password });
  const signIn = performance.now() - start;
  // Signed in: the SAML POST form of the pending launch (or a redirect to it).
  if (posted.status !== 303 && !posted.body.includes('SAMLResponse'))
    throw new Error(
      `sign-in of ${person(i).username} → ${posted.status}: ${posted.body
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 400)}`,
    );
  const sso: number[] = [];
  for (let k = 0; k < launches; k++) {
    const t = performance.now();
    const page = await browser.request('GET', launch);
    sso.push(performance.now() - t);
    if (page.status !== 200 || !page.body.includes('SAMLResponse')) throw new Error(`SSO launch → ${page.status}`);
  }
  return { signIn, sso };
}

async function signInAndSso(engine: Engine, small: ScaleIdp, big: ScaleIdp, rounds: number): Promise<TargetRow[]> {
  const t = { small: { signIn: [] as number[], sso: [] as number[] }, big: { signIn: [] as number[], sso: [] as number[] } };
  await signInAndLaunch(small, 1, 3); // warm-up
  await signInAndLaunch(big, 1, 3);
  for (let r = 0; r < rounds; r++) {
    // Interleaved: a load spike on the shared machine hits both directories alike.
    for (const [name, idp] of [
      ['small', small],
      ['big', big],
    ] as const) {
      const { signIn, sso } = await signInAndLaunch(idp, 2 + ((r * 37) % (idp.boundUsers - 2)), 10);
      t[name].signIn.push(signIn);
      t[name].sso.push(...sso);
    }
  }
  const compare = (measure: string, a: number[], b: number[]): TargetRow => {
    const ratio = median(b) / median(a);
    return {
      engine,
      measure: `${measure}: median ${ms(median(b))} vs ${ms(median(a))}`,
      value: `${ratio.toFixed(2)}×`,
      target: '≤ 1.20×',
      met: ratio <= 1.2,
    };
  };
  return [
    compare('password sign-in, big ÷ small directory', t.small.signIn, t.big.signIn),
    compare('SSO launch, big ÷ small directory', t.small.sso, t.big.sso),
  ];
}

async function scimLookups(engine: Engine, dbs: Databases, users: number, samples: number): Promise<TargetRow[]> {
  const db = await dbs.fresh('sp');
  const sp = await startScaleSp(db, users);
  try {
    const filters: [string, (i: number) => string][] = [
      ['SP SCIM filter userName eq', (i) => `userName eq "${person(i).username}"`],
      ['SP SCIM filter emails.value eq', (i) => `emails.value eq "${person(i).email}"`],
      ['SP SCIM filter externalId eq', (i) => `externalId eq "ext-${i}"`],
    ];
    const rows: TargetRow[] = [];
    for (const [measure, filter] of filters) {
      const lookup = async (i: number) => {
        const res = await fetch(`${sp.url}/api/scim2/Users?filter=${encodeURIComponent(filter(i))}`, {
          headers: { authorization: `Bearer ${sp.token}` },
        });
        const body = (await res.json()) as { totalResults?: number };
        if (res.status !== 200 || body.totalResults !== 1)
          throw new Error(`${measure} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      };
      await lookup(0);
      const sorted = await timed(samples, (k) => lookup((k * 7919) % users));
      rows.push({
        engine,
        measure: `${measure} (${users.toLocaleString('en-US')} SP users) p99`,
        value: ms(pct(sorted, 0.99)),
        target: '≤ 20 ms',
        met: pct(sorted, 0.99) <= 20,
      });
    }
    return rows;
  } finally {
    await sp.close();
    await db.drop();
  }
}

async function benchEngine(engine: Engine, o: ScaleOptions, log: (line: string) => void): Promise<TargetRow[]> {
  const dbs = await databases(engine);
  const rows: TargetRow[] = [];
  try {
    const started = performance.now();
    const [bigDb, smallDb] = [await dbs.fresh('idp_big'), await dbs.fresh('idp_small')];
    const big = await startScaleIdp(bigDb, { users: o.users, boundUsers: Math.min(5000, Math.floor(o.users / 2)) });
    const seeded = (performance.now() - started) / 1000;
    const small = await startScaleIdp(smallDb, { users: o.smallUsers, boundUsers: Math.min(5000, Math.floor(o.smallUsers / 2)) });
    log(`[${engine}] seeded ${o.users.toLocaleString('en-US')} users in ${seeded.toFixed(1)} s (IdP start + demo seed + bulk insert)`);
    try {
      rows.push(...(await listAndSearch(engine, big, small, o)));
      if (!o.listsOnly) rows.push(...(await signInAndSso(engine, small, big, SIGN_IN_SAMPLES)));
    } finally {
      await big.close();
      await small.close();
      await bigDb.drop();
      await smallDb.drop();
    }
    if (o.listsOnly) return rows;
    rows.push(...(await scimLookups(engine, dbs, o.users, o.samples * 2)));
    if (o.provisioning && (o.provisioningEngines ?? o.engines).includes(engine))
      rows.push(...(await benchScaleProvisioning(engine, dbs, o.provisioning, log)));
    return rows;
  } finally {
    dbs.close();
  }
}

/** Every scale measure on every engine asked for, each with its target. */
export async function benchScale(o: ScaleOptions, log: (line: string) => void = console.log): Promise<TargetRow[]> {
  const rows: TargetRow[] = [];
  for (const engine of o.engines) rows.push(...(await benchEngine(engine, o, log)));
  return rows;
}

export function printRows(rows: TargetRow[], log: (line: string) => void = console.log): void {
  const width = Math.max(...rows.map((r) => r.measure.length + r.engine.length + 3));
  for (const r of rows) {
    log(`  ${`[${r.engine}] ${r.measure}`.padEnd(width)}  ${r.value.padStart(10)}  (target ${r.target}) ${r.met ? 'met' : 'MISSED'}`);
  }
}

/**
 * The scale options `npm run bench` uses. BENCH_SCALE_USERS: the big directory (default 100,000). Provisioning
 * (big ÷ 10 vs big users) runs on BENCH_SCALE_PROVISIONING: `sqlite` by default (the default database, and the
 * run that fits the whole bench in about 10 minutes), `sqlite,postgres`, or `0` for none; BENCH_SCALE=1 (the
 * former switch) means both engines.
 */
export function scaleOptionsFromEnv(env = process.env): ScaleOptions {
  const users = Number(env.BENCH_SCALE_USERS ?? 100_000);
  const asked = env.BENCH_SCALE_PROVISIONING ?? (env.BENCH_SCALE === '1' ? 'sqlite,postgres' : 'sqlite');
  const provisioningEngines = asked === '0' ? [] : (asked.split(',').map((e) => e.trim()) as Engine[]);
  if (!provisioningEngines.every((e) => e === 'sqlite' || e === 'postgres'))
    throw new Error(`BENCH_SCALE_PROVISIONING must be sqlite, postgres, sqlite,postgres or 0 (got ${asked})`);
  return {
    engines: ['sqlite', 'postgres'],
    users,
    smallUsers: 1000,
    samples: 100,
    ...(provisioningEngines.length ? { provisioning: [users / 10, users] as [number, number], provisioningEngines } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string' },
      users: { type: 'string' },
      small: { type: 'string' },
      samples: { type: 'string' },
      provisioning: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const defaults = scaleOptionsFromEnv();
  const prov = values.provisioning?.split(',').map(Number);
  const o: ScaleOptions = {
    engines: values.engine ? [values.engine as Engine] : defaults.engines,
    users: Number(values.users ?? defaults.users),
    smallUsers: Number(values.small ?? defaults.smallUsers),
    samples: Number(values.samples ?? defaults.samples),
    // --provisioning runs on the engines of --engine; without it, on those BENCH_SCALE_PROVISIONING names.
    ...(values.only === 'lists' ? { listsOnly: true } : {}),
    ...(prov && prov.length === 2
      ? { provisioning: prov as [number, number] }
      : defaults.provisioning
        ? { provisioning: defaults.provisioning, provisioningEngines: defaults.provisioningEngines }
        : {}),
  };
  if (!o.engines.every((e) => e === 'sqlite' || e === 'postgres')) throw new Error('--engine must be sqlite or postgres');
  console.log(`scale: ${o.users.toLocaleString('en-US')} vs ${o.smallUsers.toLocaleString('en-US')} users on ${o.engines.join(', ')}`);
  const rows = await benchScale(o);
  printRows(rows);
  process.exit(rows.every((r) => r.met) ? 0 : 1);
}
