// Capture every log line of an IdP + SP pair (level trace, samlTrace off) through full logins, failed
// logins, admin API calls, SCIM and provisioning, and prove no secret or SAML message is in them; then prove the
// opt-in SAML trace does log raw SAML.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, DEMO_GROUP, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { eventually, freePort, type LogSink, logSink } from '@samlbridge/test-support';
import { createLogger, listen, type RunningServer } from '@samlbridge/web';
import { expect } from 'chai';
import { activateDemoProvisioning, wireDemo } from '../../scripts/wire-demo.js';
import { HttpBrowser, onlyForm } from '../support/http-browser.js';
import { onLoopback, stopAll } from '../support/loopback.js';
import { loginValues, samlPostForm } from '../support/saml-form.js';

const SECRETS = {
  idpAdminPassword: 'idp-admin-pw-for-log-test',
  idpApiKey: 'idp-api-key-for-log-test-0123456789',
  demoPassword: 'demo-pw-for-log-test',
  spAdminPassword: 'sp-admin-pw-for-log-test',
  spApiKey: 'sp-api-key-for-log-test-0123456789',
  scimToken: 'sp-scim-token-for-log-test-0123456789',
  createdUserPassword: 'created-user-pw-for-log-test',
  scimUserPassword: 'scim-user-pw-for-log-test',
  wrongPassword: 'wrong-pw-for-log-test',
};

interface Pair {
  idp: Idp;
  sp: Sp;
  /** What both apps logged, in one sink. */
  log: LogSink;
  dir: string;
  servers: RunningServer[];
  stop(): Promise<void>;
}

async function startPair(samlTrace: boolean): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-logs-'));
  const log = logSink();
  const [idpPort, spPort] = [await freePort(), await freePort()];
  /** An app on loopback at `port`, its data in `<dir>/<name>`, tracing SAML as asked, logging everything into `log`. */
  const options = <Secrets extends object>(name: 'idp' | 'sp', port: number, secrets: Secrets) => ({
    env: {},
    config: { ...onLoopback(port, join(dir, name)), samlTrace, ...secrets },
    logger: createLogger(name, 'trace', log.stream),
  });
  const idp = await createIdp(
    options('idp', idpPort, {
      adminPassword: SECRETS.idpAdminPassword,
      adminApiKey: SECRETS.idpApiKey,
      demoPassword: SECRETS.demoPassword,
      demoScimToken: SECRETS.scimToken,
    }),
  );
  const sp = await createSp(
    options('sp', spPort, { adminPassword: SECRETS.spAdminPassword, adminApiKey: SECRETS.spApiKey, scimToken: SECRETS.scimToken }),
  );
  await wireDemo(idp, sp);
  const servers = [await listen(idp.app, idpPort), await listen(sp.app, spPort)];
  return {
    idp,
    sp,
    log,
    dir,
    servers,
    stop: () => stopAll(servers, [idp, sp], dir),
  };
}

describe('no secrets in logs (IdP + SP, level trace, samlTrace off)', function () {
  this.timeout(30_000);
  let pair: Pair;
  const seen = new Set<string>();
  const remember = (browser: HttpBrowser, ...urls: string[]) => {
    for (const url of urls) for (const value of browser.cookies(url).values()) seen.add(value);
  };

  before(async () => {
    pair = await startPair(false);
  });
  after(() => pair?.stop());

  it('logs nothing secret through logins, failures, admin APIs, SCIM and provisioning', async () => {
    const { idp, sp } = pair;
    const idpUrl = idp.config.baseUrl;
    const spUrl = sp.config.baseUrl;
    await activateDemoProvisioning(idp, sp);

    // IdP-initiated: console → tile → ACS.
    const a = new HttpBrowser();
    const login = await a.get(`${idpUrl}/userconsole/`);
    remember(a, idpUrl);
    const consolePage = await a.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      loginValues('demo.user', SECRETS.demoPassword),
    );
    expect(consolePage.url).to.equal(`${idpUrl}/userconsole/`);
    const launch = await a.get(`${idpUrl}/saml2/talentlms`);
    const idpInitiated = samlPostForm(launch);
    seen.add(idpInitiated.fields.SAMLResponse ?? '');
    expect((await a.submit(idpInitiated)).status).to.equal(200);
    remember(a, idpUrl, spUrl);

    // SP-initiated: SP → AuthnRequest (Redirect) → IdP login → Response (POST) → SP.
    const b = new HttpBrowser();
    const start = await b.request('GET', `${spUrl}/index/ssologin/service:saml?RelayState=%2Fdashboard`);
    const samlRequest = new URL(start.headers.get('location') ?? '').searchParams.get('SAMLRequest') ?? '';
    expect(samlRequest).to.not.equal('');
    seen.add(samlRequest);
    const idpLogin = await b.get(start.headers.get('location') ?? '');
    remember(b, idpUrl);
    const answered = await b.submit(
      onlyForm(idpLogin, (f) => 'password' in f.fields),
      loginValues('demo.user', SECRETS.demoPassword),
    );
    const spInitiated = samlPostForm(answered);
    seen.add(spInitiated.fields.SAMLResponse ?? '');
    expect((await b.submit(spInitiated)).url).to.equal(`${spUrl}/dashboard`);
    remember(b, idpUrl, spUrl);

    // Failed logins on both apps, and the SP Super Admin's password sign-in.
    const c = new HttpBrowser();
    const failed = await c.submit(
      onlyForm(await c.get(`${idpUrl}/login`), (f) => 'password' in f.fields),
      loginValues('demo.user', SECRETS.wrongPassword),
    );
    expect(failed.status).to.equal(401);
    const spSignIn = await c.get(`${spUrl}/`);
    const spForm = onlyForm(spSignIn, (f) => 'password' in f.fields);
    expect((await c.submit(spForm, { login: 'admin', password: SECRETS.wrongPassword })).status).to.equal(401);
    const spForm2 = onlyForm(await c.get(`${spUrl}/`), (f) => 'password' in f.fields);
    expect((await c.submit(spForm2, { login: 'admin', password: SECRETS.spAdminPassword })).url).to.equal(`${spUrl}/dashboard`);
    const adminLogin = onlyForm(await c.get(`${idpUrl}/admin/login`), (f) => 'password' in f.fields);
    await c.submit(adminLogin, { email: idp.config.adminEmail, password: SECRETS.idpAdminPassword });
    remember(c, idpUrl, spUrl);

    // IdP admin API with the key (including a write that carries a password).
    const idpApi = { 'x-api-key': SECRETS.idpApiKey, 'content-type': 'application/json' };
    expect((await fetch(`${idpUrl}/api/users`, { headers: idpApi })).status).to.equal(200);
    const created = await fetch(`${idpUrl}/api/users`, {
      method: 'POST',
      headers: idpApi,
      body: JSON.stringify({ username: 'log.test', email: 'log.test@example.com', password: SECRETS.createdUserPassword }),
    });
    expect(created.status).to.equal(201);
    expect((await fetch(`${idpUrl}/api/users`, { headers: { 'x-api-key': 'a-wrong-key-for-log-test' } })).status).to.equal(401);
    // Binding the new user provisions it: the password set at creation travels in the SCIM create (the delivery
    // and the SP's handling are logged too); it then signs in at the SP.
    const createdId = ((await created.json()) as { id: string }).id;
    const group = await idp.services.directory.findGroupByName(DEMO_GROUP);
    const bind = await fetch(`${idpUrl}/api/groups/${group?.id}/members/${createdId}`, { method: 'PUT', headers: idpApi });
    expect(bind.status).to.equal(204);
    const createEvent = async () => (await idp.services.events.list({ type: 'user_create_provision', user: createdId })).items[0];
    const provisioned = await eventually(createEvent, { what: 'log.test provisioned' });
    expect(provisioned.detail).to.include({ passwordPushed: true });
    const p = new HttpBrowser();
    const pForm = onlyForm(await p.get(`${spUrl}/`), (f) => 'password' in f.fields);
    expect((await p.submit(pForm, { login: 'log.test', password: SECRETS.createdUserPassword })).url).to.equal(`${spUrl}/dashboard`);
    remember(p, spUrl);

    // SP admin API with its key; SCIM with the seeded token, then with a regenerated one.
    const spApi = { authorization: `Bearer ${SECRETS.spApiKey}`, 'content-type': 'application/json' };
    expect((await fetch(`${spUrl}/api/admin/sso`, { headers: spApi })).status).to.equal(200);
    expect((await fetch(`${spUrl}/api/admin/account`, { method: 'PUT', headers: spApi, body: '{"timezone":"UTC"}' })).status).to.equal(200);
    const scimAs = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' });
    expect((await fetch(`${spUrl}/api/scim2/Users`, { headers: scimAs(SECRETS.scimToken) })).status).to.equal(200);
    const regenerated = (await (await fetch(`${spUrl}/api/admin/scim`, { method: 'POST', headers: spApi })).json()) as { apiKey: string };
    seen.add(regenerated.apiKey);
    const scimUser = await fetch(`${spUrl}/api/scim2/Users`, {
      method: 'POST',
      headers: scimAs(regenerated.apiKey),
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'scim.log.test',
        name: { givenName: 'Scim', familyName: 'Log' },
        emails: [{ value: 'scim.log.test@example.com', primary: true }],
        password: SECRETS.scimUserPassword,
      }),
    });
    expect(scimUser.status).to.equal(201);
    expect((await fetch(`${spUrl}/api/scim2/Users`, { headers: scimAs('not-the-key-for-log-test') })).status).to.equal(401);

    const signingKey = readFileSync(join(pair.dir, 'idp', 'idp-signing.key'), 'utf8');
    const keyBody = signingKey.replace(/-----[^-]+-----|\s/g, '');
    const log = pair.log.text();
    expect(pair.log.lines.length, 'the capture received the logs').to.be.greaterThan(20);
    expect(log).to.contain('"msg":"request"');
    const leaks: string[] = [];
    const check = (label: string, value: string) => {
      if (value.length >= 8 && log.includes(value)) leaks.push(label);
      // SAML messages: a prefix is enough to prove a leak (and survives line wrapping/truncation).
      if (value.length > 200 && log.includes(value.slice(20, 120))) leaks.push(`${label} (part)`);
    };
    for (const [label, value] of Object.entries(SECRETS)) check(label, value);
    for (const value of seen) check(`cookie/message/token ${value.slice(0, 12)}…`, value);
    check('signing key', keyBody.slice(0, 64));
    check('signing key (middle)', keyBody.slice(200, 264));
    expect(leaks).to.deep.equal([]);
    expect(log, 'no SAML XML either').not.to.match(/<samlp?:(Response|AuthnRequest|Assertion)/);
  });
});

describe('opt-in SAML trace (samlTrace on, level trace)', function () {
  this.timeout(30_000);
  let pair: Pair;
  before(async () => {
    pair = await startPair(true);
  });
  after(() => pair?.stop());

  it('logs the raw AuthnRequest and Response at trace level', async () => {
    const spUrl = pair.sp.config.baseUrl;
    const b = new HttpBrowser();
    const start = await b.request('GET', `${spUrl}/index/ssologin/service:saml`);
    const idpLogin = await b.get(start.headers.get('location') ?? '');
    const answered = await b.submit(
      onlyForm(idpLogin, (f) => 'password' in f.fields),
      loginValues('demo.user', SECRETS.demoPassword),
    );
    const form = samlPostForm(answered);
    await b.submit(form);
    const entries = pair.log.records();
    const traced = entries.filter((e) => e.level === 10).map((e) => JSON.stringify(e));
    expect(traced.join('\n')).to.contain('AuthnRequest');
    expect(traced.some((t) => t.includes(form.fields.SAMLResponse?.slice(0, 100) ?? '-'))).to.equal(true);
  });
});
