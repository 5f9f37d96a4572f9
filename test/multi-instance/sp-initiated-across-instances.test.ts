// Two IdP processes and two SP processes on one PostgreSQL server (one database per side) complete
// an SP-initiated sign-in whose steps alternate between instances: nothing a flow needs between
// requests may live in process memory (ARCHITECTURE.md §5).
//
// Set-up, as a load balancer would give it: each side has ONE public base URL, that of a tiny
// in-test balancer (balancer.ts) which forwards each request, Host header untouched, to the
// instance the test picks for the next step. Both instances of a side are configured with that
// public URL, so every URL in the flow (SSO URL, login form action, ACS URL, Destination, Audience,
// RelayState targets) validates on either instance, and the browser's cookies are per public host
// exactly as in production. Both IdP instances share the signing key directory (same certificate).
// Single Logout too: the LogoutRequest reaches another IdP instance than the sign-in did (saml-profiles §4.4).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeyPair } from '@samlbridge/certs';
import { TEST_PASSWORD_HASH_COST, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { idpStoreTemplate } from '../../packages/idp/src/store/scratch-template.js';
import { spStoreTemplate } from '../../packages/sp-talentlms/src/store/scratch-template.js';
import { bundledEntry } from '../support/bundled-entry.js';
import { HttpBrowser, onlyForm } from '../support/http-browser.js';
import { loginValues, samlPostForm } from '../support/saml-form.js';
import { type Balancer, startBalancer } from './balancer.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = { username: 'demo.user', password: 'demo-password' };

interface Instance {
  name: string;
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Runs scripts/serve.ts with `env`; resolves with the port once it prints its ready line (or with the exit for `seed`). */
async function serve(role: 'idp' | 'sp' | 'seed', name: string, env: Record<string, string>): Promise<Instance> {
  // scripts/serve.ts as `npm run build` bundles it: a start then costs a quarter of the CPU of one under tsx.
  const child = spawn(process.execPath, [await bundledEntry('scripts/serve.ts'), role], {
    cwd: ROOT,
    env: { ...process.env, ...env, SERVE_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const output = () => out.slice(-3000);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s (a busy machine?):\n${output()}`)), 60_000);
    child.stdout?.on('data', () => {
      const line = out.split('\n').find((l) => l.startsWith('{"ready"') || l.startsWith('{"seeded"'));
      if (!line || role === 'seed') return;
      clearTimeout(timer);
      resolve({ name, child, port: (JSON.parse(line) as { port: number }).port, output });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (role === 'seed' && code === 0) resolve({ name, child, port: 0, output });
      else reject(new Error(`${name} exited with code ${code}:\n${output()}`));
    });
  });
}

async function kill(instance: Instance): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

describe('SP-initiated sign-in and Single Logout across instances (2 IdP + 2 SP processes on one PostgreSQL)', function () {
  this.timeout(180_000);
  const instances: Instance[] = [];
  const databases: ScratchDatabase[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-multi-'));
  let idpLb: Balancer;
  let spLb: Balancer;
  // Whatever happens to mocha, no server process outlives the run.
  const killAll = () => {
    for (const i of instances) i.child.kill('SIGKILL');
  };

  before(async () => {
    process.once('exit', killAll);
    const server = testDatabaseServer();
    const [idpDb, spDb] = await Promise.all([
      createScratchDatabase(server, 'multi_idp', { template: idpStoreTemplate }),
      createScratchDatabase(server, 'multi_sp', { template: spStoreTemplate }),
    ]);
    databases.push(idpDb, spDb);
    [idpLb, spLb] = await Promise.all([startBalancer(), startBalancer()]);
    const env = {
      IDP_DATABASE_URL: idpDb.url,
      IDP_BASE_URL: idpLb.url,
      IDP_DATA_DIR: join(dir, 'idp'),
      IDP_PORT: '0',
      IDP_LOG_LEVEL: 'warn',
      IDP_DEMO_USER: DEMO.username,
      IDP_DEMO_PASSWORD: DEMO.password,
      IDP_PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST),
      SP_DATABASE_URL: spDb.url,
      SP_BASE_URL: spLb.url,
      SP_DATA_DIR: join(dir, 'sp'),
      SP_PORT: '0',
      SP_LOG_LEVEL: 'warn',
      SP_PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST),
    };
    // The seed (IdP signing key, demo app/group/user, SP SSO settings) runs once, through the services.
    instances.push(await serve('seed', 'seed', env));
    const started = await Promise.all([
      serve('idp', 'IdP A', env),
      serve('idp', 'IdP B', env),
      serve('sp', 'SP A', env),
      serve('sp', 'SP B', env),
    ]);
    instances.push(...started);
    const [idpA, idpB, spA, spB] = started as [Instance, Instance, Instance, Instance];
    idpLb.backends = { A: idpA.port, B: idpB.port };
    spLb.backends = { A: spA.port, B: spB.port };
  });

  afterEach(function () {
    // A failing step is explained by the servers' own logs (warn and above).
    if (this.currentTest?.state === 'failed') for (const i of instances) console.error(`--- ${i.name} ---\n${i.output()}`);
  });

  after(async () => {
    await Promise.allSettled(instances.map(kill));
    process.removeListener('exit', killAll);
    await Promise.allSettled([idpLb?.close(), spLb?.close()]);
    await Promise.allSettled(databases.map((d) => d.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the request on IdP A, the login form on IdP B, the ACS on SP B and the session read on SP A', async () => {
    const browser = new HttpBrowser();

    spLb.use('A');
    const start = await browser.request('GET', `${spLb.url}/index/ssologin/service:saml`);
    expect(start.status, start.body.slice(0, 300)).to.equal(302);
    const ssoUrl = start.headers.get('location') ?? '';
    expect(ssoUrl.startsWith(`${idpLb.url}/saml2/`), ssoUrl).to.equal(true);

    idpLb.use('A');
    const loginPage = await browser.get(ssoUrl);
    const loginForm = onlyForm(loginPage, (f) => 'password' in f.fields);
    expect(new URL(loginForm.action).origin).to.equal(idpLb.url);

    idpLb.use('B');
    const answer = await browser.submit(loginForm, loginValues(DEMO.username, DEMO.password));
    const post = samlPostForm(answer);
    expect(new URL(post.action).origin).to.equal(spLb.url);

    spLb.use('B');
    const home = await browser.submit(post);
    expect(home.status, home.body.slice(0, 300)).to.equal(200);

    spLb.use('A');
    const session = await browser.request('GET', `${spLb.url}/api/session`);
    expect(session.status).to.equal(200);
    expect(JSON.parse(session.body)).to.include({ login: DEMO.username, signedInVia: 'sso' });

    // Each step really was served by the instance the test chose.
    expect(idpLb.log.filter((r) => r.path.startsWith('/saml2/')).map((r) => r.instance)).to.deep.equal(['A']);
    expect(idpLb.log.filter((r) => r.method === 'POST').map((r) => r.instance)).to.deep.equal(['B']);
    expect(spLb.log.filter((r) => r.method === 'POST').map((r) => `${r.instance} ${r.path.split('/')[1]}`)).to.deep.equal(['B simplesaml']);
    expect(spLb.log.filter((r) => r.path === '/api/session').map((r) => r.instance)).to.deep.equal(['A']);

    // The replay cache is shared too: the same Response posted to the other SP instance is refused.
    const replay = await new HttpBrowser().request('POST', post.action, post.fields);
    expect(replay.status).to.be.within(400, 499);
    expect(spLb.log.at(-1)?.instance).to.equal('A');
  });

  it('Single Logout: signed in through IdP A and SP A, the LogoutRequest reaches IdP B and the LogoutResponse SP B; both sessions end', async () => {
    // Set-up through both admin APIs: the IdP knows the SP's SLO URL and signing certificate, the SP signs out with SAML SLO.
    const spKey = await loadOrCreateKeyPair(join(dir, 'sp'), 'sp-signing', { commonName: '127.0.0.1' });
    const idpApi = { 'x-api-key': 'idp-demo-admin-key', 'content-type': 'application/json' };
    idpLb.use('A');
    const apps = (await (await fetch(`${idpLb.url}/api/applications`, { headers: idpApi })).json()) as {
      items: { id: string; name: string }[];
    };
    const app = apps.items.find((a) => a.name === 'talentlms');
    if (!app) throw new Error('demo application missing');
    const patched = await fetch(`${idpLb.url}/api/applications/${app.id}`, {
      method: 'PATCH',
      headers: idpApi,
      body: JSON.stringify({ spCertificatePem: spKey.certificatePem }),
    });
    expect(patched.status, await patched.text()).to.equal(200);
    const spSlo = `${spLb.url}/simplesaml/module.php/saml/sp/saml2-logout.php/127.0.0.1`;
    const idpSlo = `${idpLb.url}/saml2/talentlms/slo`;
    const slo = await fetch(`${idpLb.url}/api/applications/${app.id}/single-logout`, {
      method: 'PUT',
      headers: idpApi,
      body: JSON.stringify({ sloUrl: spSlo, sloResponseUrl: '', binding: 'post' }),
    });
    expect(slo.status, await slo.text()).to.equal(200);
    spLb.use('A');
    const sp = await fetch(`${spLb.url}/api/admin/sso`, {
      method: 'PUT',
      headers: { authorization: 'Bearer sp-demo-admin-key', 'content-type': 'application/json' },
      body: JSON.stringify({ useSamlSingleLogout: true, idpSingleLogoutUrl: idpSlo }),
    });
    expect(sp.status, await sp.text()).to.equal(200);

    // Sign-in: IdP A (login and tile launch), ACS on SP A.
    const browser = new HttpBrowser();
    idpLb.use('A');
    const login = await browser.get(`${idpLb.url}/login?next=/userconsole/`);
    await browser.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      loginValues(DEMO.username, DEMO.password),
    );
    const post = samlPostForm(await browser.get(`${idpLb.url}/saml2/talentlms`));
    expect((await browser.submit(post)).status).to.equal(200);

    // Sign-out at SP A → LogoutRequest to IdP B → LogoutResponse to SP B.
    const start = await browser.request('GET', `${spLb.url}/index/logout`);
    const toIdp = start.headers.get('location') ?? '';
    expect(toIdp.startsWith(`${idpSlo}?SAMLRequest=`), toIdp).to.equal(true);
    idpLb.use('B');
    const answer = await browser.request('GET', toIdp);
    const form = onlyForm(answer);
    expect(form.action).to.equal(spSlo);
    expect(form.fields.SAMLResponse).to.be.a('string');
    spLb.use('B');
    const end = await browser.request('POST', form.action, form.fields);
    expect(end.status, end.body.slice(0, 300)).to.equal(302);
    expect(end.headers.get('location') ?? '').to.not.contain('error');

    // Both sessions are gone, as seen from the instances that did NOT handle the logout.
    idpLb.use('A');
    expect((await browser.request('GET', `${idpLb.url}/userconsole/`)).status).to.not.equal(200);
    spLb.use('A');
    expect((await browser.request('GET', `${spLb.url}/api/session`)).status).to.equal(401);
    expect(idpLb.log.filter((r) => r.path.startsWith('/saml2/talentlms/slo')).map((r) => r.instance)).to.deep.equal(['B']);
  });
});
