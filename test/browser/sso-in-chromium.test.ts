// The article's "Validating SSO authentication workflow(s)", as a person does it, in real Chromium.

import { expect } from 'chai';
import { screenshot } from './support/chromium.js';
import { chromiumAndDemoStack, clearedPagePerTest } from './support/chromium-suite.js';

describe('SSO in a real browser (Chromium)', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  // Each test starts as a fresh browser: no cookie of the IdP or the SP.
  const { context, page } = clearedPagePerTest(browser);

  async function signInAtIdp(username: string, password: string, shot?: string) {
    await page.getByLabel(/username/i).fill(username);
    await page.getByLabel(/password/i).fill(password);
    if (shot) await screenshot(page, shot);
    await page.getByRole('button', { name: /sign in/i }).click();
  }

  it('IdP-initiated: the member signs in to the user console, clicks the TalentLMS tile and lands signed in at the SP', async () => {
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await signInAtIdp(stack.demo.username, stack.demo.password, '01-idp-login');
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    await screenshot(page, '02-user-console');
    await page.getByRole('link', { name: /talentlms/i }).click();
    await page.waitForURL(`${stack.spUrl}/**`);
    await screenshot(page, '03-sp-home-after-tile');
    const body = await page.locator('main').innerText();
    expect(body).to.contain(stack.demo.username);
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  });

  it('SP-initiated: a fresh browser opens the SP, chooses "Sign in with SSO", signs in at the IdP and comes back signed in', async () => {
    await page.goto(`${stack.spUrl}/`);
    await screenshot(page, '04-sp-sign-in');
    await page.getByRole('link', { name: /sign in with sso/i }).click();
    await page.waitForURL(`${stack.idpUrl}/login**`);
    await signInAtIdp(stack.demo.username, stack.demo.password, '05-idp-login-from-sp');
    await page.waitForURL(`${stack.spUrl}/**`);
    await screenshot(page, '06-sp-home-after-sp-initiated');
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  });

  it('a user outside every bound group sees no tile and is refused at the SSO URL', async () => {
    const created = await fetch(`${stack.idpUrl}/api/users`, {
      method: 'POST',
      headers: { 'x-api-key': stack.idp.config.adminApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'browser.outsider',
        email: 'browser.outsider@example.com',
        firstName: 'Bea',
        lastName: 'Outside',
        password: 'outsider-password-2',
      }),
    });
    expect(created.status).to.equal(201);
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await signInAtIdp('browser.outsider', 'outsider-password-2');
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    expect(await page.getByRole('link', { name: /talentlms/i }).count()).to.equal(0);
    await screenshot(page, '07-console-without-tile');
    const response = await page.goto(`${stack.idpUrl}/saml2/${stack.appName}`);
    expect(response?.status()).to.equal(403);
    await screenshot(page, '08-refused-non-member');
    expect(await page.locator('main').innerText()).to.match(/access/i);
  });

  it('signing out at the SP lands on the remote sign-out URL (the IdP user console)', async () => {
    await page.goto(`${stack.spUrl}/index/ssologin/service:saml`);
    await signInAtIdp(stack.demo.username, stack.demo.password);
    await page.waitForURL(`${stack.spUrl}/**`);
    await page.getByRole('button', { name: /sign out/i }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    await screenshot(page, '09-after-sp-sign-out');
    const session = await context.request.get(`${stack.spUrl}/api/session`);
    expect(session.status()).to.equal(401);
  });
});
