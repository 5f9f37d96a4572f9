// In real Chromium at 390 px and 1280 px, audited with axe-core: the SP's "SSO integration type: None" (the
// settings page, the sign-in page without "Sign in with SSO", the refused SP-initiated login, password sign-in) and
// the IdP's invitations (the shown-once link with its copy button, the set-password page, then sign-in). The form
// that turns SSO off and on again runs at 1280 px; at 390 px the SP's service turns it off for the same pages.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { type Stack, startStack } from '../support/stack.js';
import { describeViolations, seriousViolations } from './support/axe.js';
import { chromiumForSuite, screenshot } from './support/chromium.js';
import { pagePerSuite } from './support/chromium-suite.js';
import { signInToIdpAdmin } from './support/idp-admin-sign-in.js';
import { signInToSpAdmin } from './support/sp-admin-sign-in.js';

const WIDTHS = [1280, 390] as const;

describe('SSO integration type None and invitations in Chromium (390 px and 1280 px)', function () {
  this.timeout(120_000);
  const browser = chromiumForSuite();
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });
  // Two browsers for the suite, their cookies cleared before each test: the admin's, and another person's (the
  // signed-out visitor, the invited person). bypassCSP: axe-core is injected as a script of its own (the pages'
  // own scripts are external files either way).
  const admin = pagePerSuite(browser, { bypassCSP: true });
  const other = pagePerSuite(browser, { bypassCSP: true });
  before(async () => {
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.idpUrl });
  });

  async function open(width: number): Promise<Page> {
    await admin.page.setViewportSize({ width, height: 800 });
    await other.page.setViewportSize({ width, height: 800 });
    return admin.page;
  }

  async function expectFitsAndAccessible(page: Page, what: string): Promise<void> {
    const extra = await page.evaluate(() => (document.scrollingElement as Element).scrollWidth - window.innerWidth);
    expect(extra, `${what} scrolls sideways`).to.be.at.most(0);
    const violations = await seriousViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  /** Signed out, in another browser: no "Sign in with SSO"; the SP-initiated login is refused with a page. */
  async function expectSignedOutPagesWithSsoOff(width: number): Promise<void> {
    const signIn = other.page;
    await signIn.goto(`${stack.spUrl}/`);
    expect(await signIn.getByRole('link', { name: /Sign in with SSO/ }).count()).to.equal(0);
    await expectFitsAndAccessible(signIn, `the sign-in page with SSO off (${width} px)`);
    const refused = await signIn.goto(`${stack.spUrl}/index/ssologin/service:saml`);
    expect(refused?.status()).to.equal(409);
    expect(await signIn.getByRole('heading', { level: 1 }).innerText()).to.equal('Single sign-on is turned off');
    await expectFitsAndAccessible(signIn, `the refused SP-initiated login (${width} px)`);
  }

  it('turns SP single sign-on off with "None" and back to SAML2.0, settings kept (1280 px)', async () => {
    const width = 1280;
    const before = await stack.sp.services.sso.getSettings('localhost');
    const page = await open(width);
    await signInToSpAdmin(page, stack);
    await page.goto(`${stack.spUrl}/account/users/sso`);
    await page.getByLabel('SSO integration type').selectOption('none');
    await page.getByRole('button', { name: 'Save and check configuration' }).click();
    await page.waitForURL(`${stack.spUrl}/account/users/sso?saved=1`);
    expect(await page.locator('#sso-off').innerText()).to.contain('Single sign-on is off');
    await expectFitsAndAccessible(page, `the SSO settings page with None (${width} px)`);
    await screenshot(page, '40-sp-sso-integration-type-none', { fullPage: false });

    // Signed out: no "Sign in with SSO"; SP-initiated login refused with a page; the password still works.
    await expectSignedOutPagesWithSsoOff(width);

    // Back to SAML2.0: the check passes against the real IdP, and the settings are those saved before.
    await page.goto(`${stack.spUrl}/account/users/sso`);
    await page.getByLabel('SSO integration type').selectOption('saml2');
    await page.getByRole('button', { name: 'Save and check configuration' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#check-report').getAttribute('data-ok')).to.equal('true');
    expect(await stack.sp.services.sso.getSettings('localhost')).to.deep.equal(before);
  });

  it('with SP single sign-on off, its settings page, the sign-in page and the refused login fit 390 px and pass axe', async () => {
    // The form that turns it off and on again is the 1280 px test's: here the SP's service sets None, as that form does.
    const width = 390;
    const before = await stack.sp.services.sso.getSettings('localhost');
    const page = await open(width);
    await stack.sp.services.sso.updateSettings('default', { integrationType: 'none' });
    try {
      await signInToSpAdmin(page, stack);
      await page.goto(`${stack.spUrl}/account/users/sso?saved=1`);
      expect(await page.locator('#sso-off').innerText()).to.contain('Single sign-on is off');
      await expectFitsAndAccessible(page, `the SSO settings page with None (${width} px)`);
      await expectSignedOutPagesWithSsoOff(width);
    } finally {
      await stack.sp.services.sso.updateSettings('default', { integrationType: 'saml2' });
    }
    expect(await stack.sp.services.sso.getSettings('localhost')).to.deep.equal(before);
  });

  for (const width of WIDTHS) {
    it(`invites an imported user: link shown once with a copy button, password chosen, signed in (${width} px)`, async () => {
      const user = await stack.idp.services.directory.createUser({
        username: `invited.${width}`,
        email: `invited.${width}@example.test`,
        firstName: 'Invited',
        lastName: `At ${width}`,
      });
      const page = await open(width);
      await signInToIdpAdmin(page, stack);
      await page.goto(`${stack.idpUrl}/admin/users/${user.id}`);
      expect(await page.locator('#invitation-card').innerText()).to.contain('This user has no password yet');
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      await page.waitForURL(`${stack.idpUrl}/admin/invitations/created`);
      const link = (await page.locator('[data-invitation-url]').innerText()).trim();
      expect(link).to.match(/\/invitation\?token=/);
      await page.getByRole('button', { name: `Copy the link for ${user.username}` }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(link);
      await expectFitsAndAccessible(page, `the invitation link page (${width} px)`);
      if (width === 1280) await screenshot(page, '41-admin-invitation-link');

      // The person, in another browser: the set-password page, then the sign-in it leads to.
      {
        const person = other.page;
        await person.goto(link);
        expect(await person.getByRole('heading', { level: 1 }).innerText()).to.equal('Choose your password');
        await expectFitsAndAccessible(person, `the set-password page (${width} px)`);
        if (width === 1280) await screenshot(person, '42-idp-set-password');
        await person.getByLabel('New password').fill('short');
        await person.getByLabel('Repeat the password').fill('short');
        // The browser's own minlength check would stop the form: the server's policy message is what is tested here.
        await person.locator('form[action="/invitation"]').evaluate((f) => f.setAttribute('novalidate', ''));
        await person.getByRole('button', { name: 'Set password' }).click();
        await person.waitForLoadState('load');
        expect(await person.locator('#password').getAttribute('aria-invalid')).to.equal('true');
        await expectFitsAndAccessible(person, `the set-password page with an error (${width} px)`);
        await person.getByLabel('New password').fill('a-long-passphrase');
        await person.getByLabel('Repeat the password').fill('a-long-passphrase');
        await person.getByRole('button', { name: 'Set password' }).click();
        await person.waitForLoadState('load');
        expect(await person.locator('#invitation-done').innerText()).to.contain('Your password is set');
        expect(await person.getByLabel('Username or email').inputValue()).to.equal(user.username);
        await expectFitsAndAccessible(person, `the page after the password was set (${width} px)`);
        await person.getByLabel('Password').fill('a-long-passphrase');
        await person.getByRole('button', { name: 'Sign in', exact: true }).click();
        await person.waitForURL(`${stack.idpUrl}/userconsole/`);
      }
    });
  }
});
