// IdP-initiated Single Logout in a real browser (saml-profiles §4.4): "Sign out" at the user console runs the chain of
// front-channel messages (redirects and auto-posted forms, /assets/autopost.js, no inline script) under the apps'
// Content-Security-Policy and ends on the page of which applications confirmed; a participant that is down is
// reported, and the chain still ends.
import { loadOrCreateKeyPair } from '@samlbridge/certs';
import { freePort } from '@samlbridge/test-support';
import { expect } from 'chai';
import { screenshot } from './support/chromium.js';
import { chromiumAndDemoStack, pagePerSuite } from './support/chromium-suite.js';

describe('Single Logout in a real browser (Chromium)', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  const { page } = pagePerSuite(browser);
  let appId: string;
  let spSlo: string;
  /** CSP violations the pages reported (securitypolicyviolation events and Chromium's console errors). */
  let violations: string[];

  before(async () => {
    const app = await stack.idp.services.directory.findApplicationByName(stack.appName);
    if (!app) throw new Error('demo application missing');
    appId = app.id;
    spSlo = `${stack.spUrl}/simplesaml/module.php/saml/sp/saml2-logout.php/${new URL(stack.spUrl).hostname}`;
    const spKey = await loadOrCreateKeyPair(stack.sp.config.dataDir, 'sp-signing', { commonName: 'localhost' });
    await stack.idp.store.requestSigning.put(
      appId,
      { requireSignedRequests: false, spCertificatePem: spKey.certificatePem, allowSha1: false },
      new Date(),
    );
    await stack.sp.services.sso.updateSettings('default', {
      useSamlSingleLogout: true,
      idpSingleLogoutUrl: `${stack.idpUrl}/saml2/${stack.appName}/slo`,
    });
  });
  before(async () => {
    // Runs before any page script and is not itself subject to the page's CSP.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    page.on('console', (message) => {
      if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
  });
  beforeEach(() => {
    violations = [];
  });

  /** Signs in at the IdP console and opens the TalentLMS tile: the IdP session has the LMS as a participant. */
  async function signedInBoth() {
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel(/password/i).fill(stack.demo.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    await page.getByRole('link', { name: /talentlms/i }).click();
    await page.waitForURL(`${stack.spUrl}/**`);
    const session = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(session).to.equal(200);
    await page.goto(`${stack.idpUrl}/userconsole/`);
  }

  it('"Sign out" at the console posts the LogoutRequest to the LMS with autopost.js under the CSP and ends on "which applications confirmed"', async () => {
    // HTTP-POST: the LogoutRequest travels in an auto-submitted form, the part a CSP could break.
    await stack.idp.store.singleLogout.putSettings(appId, { sloUrl: spSlo, sloResponseUrl: '', binding: 'post' }, new Date());
    await signedInBoth();
    const postedToSp = page.waitForRequest((r) => r.method() === 'POST' && r.url() === spSlo);
    await page.getByRole('button', { name: /sign out/i }).click();
    await postedToSp;
    await page.waitForURL(`${stack.idpUrl}/logout/done**`);
    await screenshot(page, 'slo-01-signed-out-confirmed');
    const result = page.locator('[data-logout]');
    expect(await result.getAttribute('data-logout')).to.equal('complete');
    expect(await page.locator(`[data-app="${stack.appName}"]`).getAttribute('data-outcome')).to.equal('confirmed');
    expect(await page.locator('main').innerText()).to.contain('Every application confirmed');
    expect(violations).to.deep.equal([]);
    await page.goto(`${stack.spUrl}/`);
    expect(await page.evaluate(async () => (await fetch('/api/session')).status)).to.equal(401);
  });

  it('with the LMS down, sign-out still ends on the page and says the LMS could not be reached (partial logout)', async () => {
    await signedInBoth();
    await stack.idp.store.singleLogout.putSettings(
      appId,
      { sloUrl: `http://127.0.0.1:${await freePort()}/slo`, sloResponseUrl: '', binding: 'post' },
      new Date(),
    );
    await page.getByRole('button', { name: /sign out/i }).click();
    await page.waitForURL(`${stack.idpUrl}/logout/done**`);
    await screenshot(page, 'slo-02-partial-logout');
    expect(await page.locator('[data-logout]').getAttribute('data-logout')).to.equal('partial');
    expect(await page.locator(`[data-app="${stack.appName}"]`).getAttribute('data-outcome')).to.equal('unreachable');
    expect(await page.locator('main').innerText()).to.match(/not every application confirmed[\s\S]*could not be reached/i);
    expect(violations).to.deep.equal([]);
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await page.waitForURL(`${stack.idpUrl}/login**`);
  });
});
