// `npm run build` makes plain JavaScript that runs without tsx (built once for this file): the built IdP starts,
// answers /healthz and /readyz, and on SIGTERM stops gracefully with exit code 0; a start-up failure exits non-zero
// with its reason. The built bundle also signs Responses on its signing thread: the thread's code travels as source
// text inside the bundle (keys/signing-worker-source.ts), so nothing but this file shows that it starts there.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort, SAML_ID_ELEMENTS, tempDirFixture, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import { HttpBrowser, onlyForm } from '../support/http-browser.js';
import { type StartedProcess, startNodeProcess } from '../support/node-process.js';
import { loginValues, samlPostForm } from '../support/saml-form.js';

const root = new URL('../..', import.meta.url).pathname;

describe('production build (npm run build, then plain node)', function () {
  this.timeout(120_000);
  const out = `dist-test-${process.pid}`;
  const data = tempDirFixture('samlbridge-built-');
  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', out], { cwd: root, stdio: 'pipe' });
  });
  after(() => rmSync(join(root, out), { recursive: true, force: true }));

  // No tsx anywhere: plain node on the bundle, in a clean environment.
  const run = (env: Record<string, string>) => startNodeProcess([join(root, out, 'bin', 'serve.mjs'), 'idp'], { cwd: data.path, env });

  it('starts the built IdP, which answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
    const idp = run({ IDP_PORT: '0', IDP_DATA_DIR: data.path, IDP_LOG_LEVEL: 'error', SERVE_HOST: '127.0.0.1' });
    try {
      await eventually(() => /"ready":"idp"/.test(idp.output()), { what: 'the built IdP listening', timeoutMs: 30_000 });
      const { port } = JSON.parse(
        idp
          .output()
          .split('\n')
          .find((l) => l.includes('"ready"')) ?? '{}',
      ) as { port: number };
      const alive = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(alive.status).to.equal(200);
      expect(await alive.json()).to.deep.equal({ status: 'alive' });
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
      expect((await fetch(`http://127.0.0.1:${port}/assets/app.css`)).status, 'assets shipped with the bundle').to.equal(200);
      idp.child.kill('SIGTERM');
      expect(await idp.exit).to.equal(0);
    } finally {
      idp.child.kill('SIGKILL');
    }
  });

  it('exits non-zero with the reason when the IdP cannot start', async () => {
    const idp = run({ IDP_PORT: '0', IDP_DATA_DIR: data.path, IDP_DATABASE_URL: 'mysql://nowhere/db' });
    expect(await idp.exit).to.equal(1);
    expect(idp.output()).to.contain('idp did not start');
    expect(idp.output()).to.contain('IDP_DATABASE_URL');
  });

  // `node dist/bin/start.mjs` (IdP + SP with the demo data, IDP_SIGNING_THREADS=1): the demo user signs in at the IdP,
  // the SSO endpoint answers with a Response whose Response and Assertion signatures xmlsec1 verifies with the IdP's
  // certificate, and the SP accepts it (SP-initiated, so InResponseTo is checked too).
  let started: StartedProcess | undefined;
  afterEach(async () => {
    if (!started) return;
    started.child.kill('SIGTERM');
    await started.exit;
    started = undefined;
  });

  it('signs the demo user in and answers SSO with a Response whose both signatures verify, which the SP accepts', async () => {
    const [idpPort, spPort] = [await freePort(), await freePort()];
    const idpUrl = `http://127.0.0.1:${idpPort}`;
    const spUrl = `http://127.0.0.1:${spPort}`;
    started = startNodeProcess([join(root, out, 'bin', 'start.mjs')], {
      cwd: data.path,
      env: {
        IDP_PORT: String(idpPort),
        IDP_BASE_URL: idpUrl,
        IDP_DATA_DIR: join(data.path, 'idp'),
        IDP_LOG_LEVEL: 'error',
        IDP_SIGNING_THREADS: '1',
        SP_PORT: String(spPort),
        SP_BASE_URL: spUrl,
        SP_DATA_DIR: join(data.path, 'sp'),
        SP_LOG_LEVEL: 'error',
      },
    });
    const running = started;
    await eventually(() => running.output().includes('samlbridge is running'), {
      what: `the built IdP and SP running (output so far: ${running.output().slice(-400)})`,
      timeoutMs: 60_000,
    });

    const browser = new HttpBrowser();
    // SP-initiated: the SP redirects to the IdP with an AuthnRequest, the IdP asks for the password.
    const login = await browser.get(`${spUrl}/index/ssologin/service:saml`);
    expect(login.url).to.match(/\/login/);
    const answered = await browser.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      loginValues('demo.user', 'demo-password'),
    );
    const post = samlPostForm(answered);

    const metadata = await browser.request('GET', `${idpUrl}/saml2/talentlms/metadata`);
    const certificate = /<ds:X509Certificate>([^<]+)</.exec(metadata.body)?.[1];
    expect(certificate, 'the IdP metadata carries its signing certificate').to.be.a('string');
    writeFileSync(join(data.path, 'idp.crt'), `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----\n`);
    writeFileSync(join(data.path, 'response.xml'), post.xml);
    expect(post.xml.match(/<ds:SignatureValue>/g)).to.have.length(2);
    // xmlsec1 checks the first signature, the Response's, whose digest covers the signed Assertion (saml-core §5.4.1).
    expect(
      xmlsecVerify(join(data.path, 'response.xml'), join(data.path, 'idp.crt'), [SAML_ID_ELEMENTS.assertion, SAML_ID_ELEMENTS.response]),
    ).to.match(/^OK$/m);

    // The SP verifies both signatures and every condition, then signs the person in.
    expect((await browser.submit(post)).status).to.equal(200);
    const session = JSON.parse((await browser.request('GET', `${spUrl}/api/session`)).body);
    expect(session).to.include({ login: 'demo.user', signedInVia: 'sso' });
  });
});
