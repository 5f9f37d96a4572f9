// The SP test bench (IdP admin portal → application → SP test bench): "Run all" posts every deliberately broken
// Response server-side to our TalentLMS-like SP, which must refuse each one and accept only the valid control.

import { expect } from 'chai';
import { HttpBrowser, onlyForm } from './support/http-browser.js';
import { stackFixture } from './support/stack-fixture.js';

describe('SP test bench against the TalentLMS-like SP', function () {
  this.timeout(60_000);
  const stack = stackFixture();
  let appId = '';
  let userId = '';
  before(async () => {
    appId = (await stack.idp.services.directory.findApplicationByName(stack.appName))?.id ?? '';
    userId = (await stack.idp.services.directory.findUserByUsername(stack.demo.username))?.id ?? '';
  });

  async function adminBrowser(): Promise<HttpBrowser> {
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/admin/login`);
    const done = await browser.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      {
        email: stack.idp.config.adminEmail,
        password: stack.idp.config.adminPassword,
      },
    );
    expect(done.url).to.equal(`${stack.idpUrl}/admin/applications`);
    return browser;
  }

  it('Run all: the SP refuses every broken Response and accepts the valid control; the run is an audit event', async () => {
    const browser = await adminBrowser();
    const bench = await browser.get(`${stack.idpUrl}/admin/applications/${appId}/bench`);
    expect(bench.status).to.equal(200);
    expect(bench.body).to.contain(stack.spAcsUrl);
    expect(bench.body).to.contain('Success detection is heuristic');
    const run = onlyForm(bench, (f) => f.action.endsWith('/bench/run'));
    const result = await browser.submit(run, { user: userId });
    expect(result.status).to.equal(200);
    const rows = [
      ...result.body.matchAll(
        /<tr><td>([^<]+)<\/td><td><span class="badge (ok|problem)">(Right|Wrong)<\/span> (Accepted|Refused|Not reached)<\/td>/g,
      ),
    ].map((m) => ({ title: m[1], verdict: m[4] }));
    expect(rows.map((r) => r.verdict)).to.deep.equal(['Accepted', ...Array.from({ length: 10 }, () => 'Refused')]);
    expect(rows[0]?.title).to.equal('Valid Response (control)');
    expect(result.body).to.contain('The service provider did what a correct SP must do with every case.');
    const events = await stack.idp.services.events.list({ type: 'admin_portal', limit: 10, offset: 0 });
    const audit = events.items.find((e) => e.resource === `sp-bench ${stack.appName}`);
    expect(audit?.detail).to.include({ action: 'run', user: stack.demo.username, acsUrl: stack.spAcsUrl });
  });

  it('refuses the bench to a request without the admin session, and a Run all without the CSRF token', async () => {
    const anonymous = new HttpBrowser();
    const page = await anonymous.request('GET', `${stack.idpUrl}/admin/applications/${appId}/bench`);
    expect(page.status).to.equal(303);
    const browser = await adminBrowser();
    const refused = await browser.request('POST', `${stack.idpUrl}/admin/applications/${appId}/bench/run`, { user: userId });
    expect(refused.status).to.equal(403);
  });

  it('Launch: answers with an auto-posting form to the registered ACS only, carrying the chosen broken Response', async () => {
    const browser = await adminBrowser();
    const bench = await browser.get(`${stack.idpUrl}/admin/applications/${appId}/bench`);
    const launch = onlyForm(bench, (f) => f.action.endsWith('/bench/launch') && f.fields.case === 'wrong-audience');
    const res = await browser.request('POST', launch.action, { ...launch.fields, user: userId });
    expect(res.status).to.equal(200);
    expect(res.body).to.contain(`action="${stack.spAcsUrl}"`);
    expect(res.body).to.contain('<script src="/assets/autopost.js" defer></script>');
    const xml = Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(res.body)?.[1] ?? '', 'base64').toString('utf8');
    expect(xml).to.contain('https://sp-test-bench.invalid/another-sp');
  });
});
