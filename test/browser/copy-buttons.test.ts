// Copy buttons on the SSO tab (assets/copy.js, an external script under the strict CSP): every value of the
// copy-paste card for TalentLMS and of the certificate panel has one, and a click puts exactly that value on
// the clipboard and says so to screen readers.
import { expect } from 'chai';
import { chromiumAndDemoStack, pagePerSuite } from './support/chromium-suite.js';
import { signInToIdpAdmin } from './support/idp-admin-sign-in.js';

describe('Copy buttons on the certificate panel and the TalentLMS card (Chromium)', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  // No bypassCSP: the buttons must work under the app's own Content-Security-Policy. One browser for the suite (the
  // clipboard is the browser's anyway): each test opens the SSO tab afresh, its own page load.
  const { context, page } = pagePerSuite(browser, { viewport: { width: 1280, height: 800 } });
  let ssoTab = '';

  before(async () => {
    const appId = (await stack.idp.services.directory.listApplications({ limit: 10, offset: 0 })).items[0]?.id ?? '';
    ssoTab = `/admin/applications/${appId}/sso`;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.idpUrl });
  });
  beforeEach(async () => {
    await signInToIdpAdmin(page, stack, ssoTab);
  });

  it('gives every value of the card and the certificate panel its own labelled Copy button', async () => {
    const values = await page.locator('#talentlms-card [data-copy], #certificate [data-copy]').count();
    expect(values).to.be.at.least(10);
    const buttons = page.locator('#talentlms-card button.copy, #certificate button.copy');
    expect(await buttons.count()).to.equal(values);
    expect(await page.getByRole('button', { name: 'Copy Certificate fingerprint (SHA-1)' }).count()).to.equal(1);
    expect(await page.getByRole('button', { name: 'Copy Remote sign-in URL' }).count()).to.equal(1);
    expect(await page.getByRole('button', { name: 'Copy the SHA-256 fingerprint' }).count()).to.equal(1);
  });

  for (const [button, field] of [
    ['Copy Certificate fingerprint (SHA-1)', 'fingerprint'],
    ['Copy Identity provider (IdP)', 'idp-entity-id'],
    ['Copy Remote sign-in URL', 'sign-in-url'],
  ] as const) {
    it(`"${button}" puts exactly that value on the clipboard and announces it`, async () => {
      const value = (await page.locator(`#talentlms-card [data-field="${field}"]`).innerText()).trim();
      await page.getByRole('button', { name: button }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(value);
      expect(await page.locator('#copy-status').innerText()).to.match(/^Copied /);
    });
  }

  it('copies the SHA-256 fingerprint of the certificate panel', async () => {
    await page.getByRole('button', { name: 'Copy the SHA-256 fingerprint' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(stack.idp.signing.fingerprints.sha256);
  });
});
