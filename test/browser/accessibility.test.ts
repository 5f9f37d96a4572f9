// Accessibility of the main pages of both apps, checked in Chromium with axe-core: no serious or
// critical violation (labels, contrast ≥ 4.5:1, landmarks, names of links and buttons, ARIA use),
// plus the keyboard basics axe cannot see (skip link first, visible focus).
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Stack, startStack } from '../support/stack.js';
import { describeViolations, seriousViolations } from './support/axe.js';
import { launchChromium } from './support/chromium.js';

describe('Accessibility of both apps (axe-core in Chromium)', function () {
  this.timeout(60_000);
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let appId = '';

  before(async () => {
    browser = await launchChromium();
    stack = await startStack();
    appId = (await stack.idp.services.directory.listApplications({ limit: 10, offset: 0 })).items[0]?.id ?? '';
    // bypassCSP only so axe's injected script may run; the pages themselves are unchanged.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function expectAccessible(url: string, expectedStatus = 200) {
    const response = await page.goto(url);
    expect(response?.status(), url).to.equal(expectedStatus);
    const violations = await seriousViolations(page);
    expect(violations, `${url}\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  async function expectCurrentPageAccessible(what: string) {
    const violations = await seriousViolations(page);
    expect(violations, `${what}\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  it('the IdP sign-in page, also when it shows an error', async () => {
    await expectAccessible(`${stack.idpUrl}/login`);
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).to.match(/incorrect/);
    await expectCurrentPageAccessible('login with an error');
  });

  it('the user console and the IdP error page', async () => {
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel('Password').fill(stack.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    await expectCurrentPageAccessible('user console');
    await expectAccessible(`${stack.idpUrl}/saml2/no-such-application`, 404);
  });

  it('the admin portal: sign-in, applications, catalog, every application tab, users, groups, Directory Insights', async () => {
    await expectAccessible(`${stack.idpUrl}/admin/login`);
    await page.getByLabel('Admin email').fill(stack.idp.config.adminEmail);
    await page.getByLabel('Password').fill(stack.idp.config.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idpUrl}/admin/applications`);
    await expectCurrentPageAccessible('SSO Applications');
    const users = (await stack.idp.services.directory.listUsers({ limit: 1, offset: 0 })).items;
    const groups = (await stack.idp.services.directory.listGroups({ limit: 1, offset: 0 })).items;
    for (const path of [
      '/admin/applications/new?q=talent',
      '/admin/applications/new/talentlms',
      `/admin/applications/${appId}`,
      `/admin/applications/${appId}/sso`,
      `/admin/applications/${appId}/groups`,
      `/admin/applications/${appId}/identity-management`,
      '/admin/users',
      `/admin/users/${users[0]?.id}`,
      '/admin/groups',
      `/admin/groups/${groups[0]?.id}`,
      '/admin/insights',
    ]) {
      await expectAccessible(`${stack.idpUrl}${path}`);
    }
  });

  it('the TalentLMS pages: sign-in, home, users, trash, SSO settings with a configuration check', async () => {
    await expectAccessible(`${stack.spUrl}/`);
    await page.getByLabel('Username').fill(stack.sp.config.adminUser);
    await page.getByLabel('Password').fill(stack.sp.config.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.spUrl}/dashboard`);
    await expectCurrentPageAccessible('SP home');
    for (const path of ['/account/users', '/account/users/trash', '/account/users/sso']) await expectAccessible(`${stack.spUrl}${path}`);
    await page.getByLabel('Identity provider (IdP)').fill('https://wrong.example.test/');
    await page.getByRole('button', { name: 'Save and check configuration' }).click();
    expect(await page.locator('#check-report').getAttribute('data-ok')).to.equal('false');
    await expectCurrentPageAccessible('SSO settings with a failed check');
  });

  it('keyboard: the first Tab reaches "Skip to main content", which moves focus to the page, with a visible outline', async () => {
    for (const url of [`${stack.idpUrl}/admin/applications`, `${stack.spUrl}/account/users/sso`]) {
      await page.goto(url);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      expect(focused, url).to.equal('Skip to main content');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline, url).to.not.equal('none');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id), url).to.equal('main');
    }
  });
});
