// In real Chromium at 390 px and 1280 px, audited with axe-core: the SP's "SSO integration type: None" (the
// settings page, the sign-in page without "Sign in with SSO", the refused SP-initiated login, password sign-in) and
// the IdP's invitations (the shown-once link with its copy button, the set-password page, then sign-in).
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { type Stack, startStack } from '../support/stack.js';
import { describeViolations, seriousViolations } from './support/axe.js';
import { chromiumForSuite, screenshot } from './support/chromium.js';
import { signInToIdpAdmin } from './support/idp-admin-sign-in.js';

const WIDTHS = [1280, 390] as const;

describe('SSO integration type None and invitations in Chromium (390 px and 1280 px)', function () {
  this.timeout(120_000);
  const browser = chromiumForSuite();
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function open(width: number, origin: string): Promise<Page> {
    // bypassCSP: axe-core is injected as an inline script (the pages' own scripts are external files either way).
    context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = await context.newPage();
    return page;
  }

  async function expectFitsAndAccessible(what: string): Promise<void> {
    const extra = await page.evaluate(() => (document.scrollingElement as Element).scrollWidth - window.innerWidth);
    expect(extra, `${what} scrolls sideways`).to.be.at.most(0);
    const violations = await seriousViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  async function spAdmin(): Promise<void> {
    await page.goto(`${stack.spUrl}/`);
    await page.getByLabel('Username').fill(stack.sp.config.adminUser);
    await page.getByLabel('Password').fill(stack.sp.config.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.spUrl}/dashboard`);
  }

  for (const width of WIDTHS) {
    it(`turns SP single sign-on off with "None" and back to SAML2.0, settings kept (${width} px)`, async () => {
      const before = await stack.sp.services.sso.getSettings('localhost');
      await open(width, stack.spUrl);
      await spAdmin();
      await page.goto(`${stack.spUrl}/account/users/sso`);
      await page.getByLabel('SSO integration type').selectOption('none');
      await page.getByRole('button', { name: 'Save and check configuration' }).click();
      await page.waitForURL(`${stack.spUrl}/account/users/sso?saved=1`);
      expect(await page.locator('#sso-off').innerText()).to.contain('Single sign-on is off');
      await expectFitsAndAccessible(`the SSO settings page with None (${width} px)`);
      if (width === 1280) await screenshot(page, '40-sp-sso-integration-type-none', { fullPage: false });

      // Signed out: no "Sign in with SSO"; SP-initiated login refused with a page; the password still works.
      const visitor = await context.browser()?.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
      try {
        const signIn = await (visitor as BrowserContext).newPage();
        await signIn.goto(`${stack.spUrl}/`);
        expect(await signIn.getByRole('link', { name: /Sign in with SSO/ }).count()).to.equal(0);
        const previous = page;
        page = signIn;
        await expectFitsAndAccessible(`the sign-in page with SSO off (${width} px)`);
        const refused = await signIn.goto(`${stack.spUrl}/index/ssologin/service:saml`);
        expect(refused?.status()).to.equal(409);
        expect(await signIn.getByRole('heading', { level: 1 }).innerText()).to.equal('Single sign-on is turned off');
        await expectFitsAndAccessible(`the refused SP-initiated login (${width} px)`);
        page = previous;
      } finally {
        await visitor?.close();
      }

      // Back to SAML2.0: the check passes against the real IdP, and the settings are those saved before.
      await page.goto(`${stack.spUrl}/account/users/sso`);
      await page.getByLabel('SSO integration type').selectOption('saml2');
      await page.getByRole('button', { name: 'Save and check configuration' }).click();
      await page.waitForLoadState('load');
      expect(await page.locator('#check-report').getAttribute('data-ok')).to.equal('true');
      expect(await stack.sp.services.sso.getSettings('localhost')).to.deep.equal(before);
    });

    it(`invites an imported user: link shown once with a copy button, password chosen, signed in (${width} px)`, async () => {
      const user = await stack.idp.services.directory.createUser({
        username: `invited.${width}`,
        email: `invited.${width}@example.test`,
        firstName: 'Invited',
        lastName: `At ${width}`,
      });
      await open(width, stack.idpUrl);
      await signInToIdpAdmin(page, stack);
      await page.goto(`${stack.idpUrl}/admin/users/${user.id}`);
      expect(await page.locator('#invitation-card').innerText()).to.contain('This user has no password yet');
      await page.getByRole('button', { name: 'Create invitation link' }).click();
      await page.waitForURL(`${stack.idpUrl}/admin/invitations/created`);
      const link = (await page.locator('[data-invitation-url]').innerText()).trim();
      expect(link).to.match(/\/invitation\?token=/);
      await page.getByRole('button', { name: `Copy the link for ${user.username}` }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(link);
      await expectFitsAndAccessible(`the invitation link page (${width} px)`);
      if (width === 1280) await screenshot(page, '41-admin-invitation-link');

      // The person, in another browser: the set-password page, then the sign-in it leads to.
      const person = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
      try {
        const admin = page;
        page = await person.newPage();
        await page.goto(link);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Choose your password');
        await expectFitsAndAccessible(`the set-password page (${width} px)`);
        if (width === 1280) await screenshot(page, '42-idp-set-password');
        await page.getByLabel('New password').fill('short');
        await page.getByLabel('Repeat the password').fill('short');
        // The browser's own minlength check would stop the form: the server's policy message is what is tested here.
        await page.locator('form[action="/invitation"]').evaluate((f) => f.setAttribute('novalidate', ''));
        await page.getByRole('button', { name: 'Set password' }).click();
        await page.waitForLoadState('load');
        expect(await page.locator('#password').getAttribute('aria-invalid')).to.equal('true');
        await expectFitsAndAccessible(`the set-password page with an error (${width} px)`);
        await page.getByLabel('New password').fill('a-long-passphrase');
        await page.getByLabel('Repeat the password').fill('a-long-passphrase');
        await page.getByRole('button', { name: 'Set password' }).click();
        await page.waitForLoadState('load');
        expect(await page.locator('#invitation-done').innerText()).to.contain('Your password is set');
        expect(await page.getByLabel('Username or email').inputValue()).to.equal(user.username);
        await expectFitsAndAccessible(`the page after the password was set (${width} px)`);
        await page.getByLabel('Password').fill('a-long-passphrase');
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL(`${stack.idpUrl}/userconsole/`);
        page = admin;
      } finally {
        await person.close();
      }
    });
  }
});
