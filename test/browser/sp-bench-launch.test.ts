// The SP test bench's "Launch", as an admin does it in Chromium: the auto-posting form (external script) carries
// the chosen Response from the admin's browser to the application's registered ACS.
import { expect } from 'chai';
import { chromiumAndDemoStack, clearedPagePerTest } from './support/chromium-suite.js';
import { signInToIdpAdmin } from './support/idp-admin-sign-in.js';

describe('SP test bench: Launch in a real browser (Chromium)', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  // Each test starts as a fresh browser (no SP session from the other); signInToIdpAdmin gives the admin's cookies.
  const { page } = clearedPagePerTest(browser);
  let appId = '';

  before(async () => {
    appId = (await stack.idp.services.directory.findApplicationByName(stack.appName))?.id ?? '';
  });
  beforeEach(async () => {
    await signInToIdpAdmin(page, stack, `/admin/applications/${appId}/bench`);
  });

  it('launching the wrong-audience case lands on the SP’s refusal, and the browser is not signed in there', async () => {
    await page.getByRole('button', { name: 'Launch: Wrong audience' }).click();
    await page.waitForURL(stack.spAcsUrl);
    expect(await page.locator('body').innerText()).to.match(/audience/i);
    const session = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(session).to.equal(401);
  });

  it('launching the valid control signs the picked user in at the SP', async () => {
    await page.getByRole('button', { name: 'Launch: Valid Response (control)' }).click();
    await page.waitForURL(`${stack.spUrl}/**`);
    await page.waitForFunction(() => !location.pathname.includes('saml2-acs'));
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  });
});
