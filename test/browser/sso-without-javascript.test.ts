// Both SSO flows with JavaScript OFF in Chromium: everything works without JavaScript where a form can. The
// IdP's POST-binding page (saml-bindings §3.5.4) then does not submit itself: the person presses its visible
// Continue button, and must land signed in at TalentLMS all the same.
import { expect } from 'chai';
import { screenshot } from './support/chromium.js';
import { chromiumAndDemoStack, pagePerSuite } from './support/chromium-suite.js';

describe('SSO in Chromium with JavaScript disabled', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  const { context, page } = pagePerSuite(browser, { javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });

  async function signInAtIdp() {
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel('Password').fill(stack.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** The POST-binding page stays put without JavaScript: its Continue button is visible and finishes the sign-in. */
  async function pressContinue(shot: string) {
    const form = page.locator(`form[method="post"][action^="${stack.spUrl}/"]`);
    await form.waitFor();
    expect(await page.locator('input[name="SAMLResponse"]').count()).to.equal(1);
    const continueButton = page.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isVisible()).to.equal(true);
    // Playwright's text locators skip <noscript>, so the hint is read from the page source (the screenshot shows it).
    expect(await page.content()).to.contain('JavaScript is off: press Continue to finish signing in.');
    await screenshot(page, shot);
    await continueButton.click();
    await page.waitForURL(`${stack.spUrl}/dashboard`);
  }

  async function expectSignedInAtSp() {
    expect(await page.locator('#signed-in-via').innerText()).to.contain(`signed in as ${stack.demo.username} with single sign-on`);
    const session = await context.request.get(`${stack.spUrl}/api/session`);
    expect(session.status()).to.equal(200);
    expect(await session.json()).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  }

  it('SP-initiated: Sign in with SSO → IdP login → Continue → signed in at TalentLMS', async () => {
    await page.goto(`${stack.spUrl}/`);
    await page.getByRole('link', { name: /sign in with sso/i }).click();
    await page.waitForURL(`${stack.idpUrl}/login**`);
    await signInAtIdp();
    await pressContinue('40-no-js-sp-initiated-continue');
    await expectSignedInAtSp();
  });

  it('IdP-initiated: user console → TalentLMS tile → Continue → signed in at TalentLMS', async () => {
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await signInAtIdp();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    await page.getByRole('link', { name: /talentlms/i }).click();
    await pressContinue('41-no-js-tile-continue');
    await expectSignedInAtSp();
  });
});
