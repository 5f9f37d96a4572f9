// The integration article (reference/jumpcloud-talentlms-integration.txt), step by step, as a person does
// it in real Chromium, from an EMPTY install: no demo application, group, user or SSO settings.
// The steps share one IdP + SP and run in order (each also alone: see step()); each leaves a numbered
// screenshot in test-artifacts when asked (SAMLBRIDGE_SCREENSHOTS=1).
import { readFileSync } from 'node:fs';
import { fingerprints } from '@samlbridge/protocol';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumForSuite, screenshot } from './support/chromium.js';
import { type EmptyStack, startEmptyStack } from './support/empty-stack.js';

interface Card {
  idpEntityId: string;
  fingerprint: string;
  signInUrl: string;
  signOutUrl: string;
}

describe('The integration article in Chromium, from an empty install', function () {
  this.timeout(60_000);
  const browser = chromiumForSuite();
  let stack: EmptyStack;
  /** The IT admin's browser: IdP admin portal in one tab, TalentLMS in another (cookies are per host+port name). */
  let admin: BrowserContext;
  let portal: Page;
  let lms: Page;
  /** The member's own browser (steps 9 and 10), opened on first use. */
  let memberBrowser: BrowserContext | undefined;
  let appPanelUrl = '';
  let spEntityId = '';
  let spAcsUrl = '';
  let card: Card;
  const member = {
    username: 'ada.lovelace',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    password: 'analytical-engine-1',
  };
  const group = 'LMS learners';

  before(async () => {
    stack = await startEmptyStack();
    admin = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    portal = await admin.newPage();
    lms = await admin.newPage();
  });
  after(async () => {
    await stack?.stop();
  });

  // Each numbered step needs the ones before it. A step run alone (--grep) first runs the earlier
  // steps it has not seen succeed, as its set-up; in a full run they have all run already.
  const steps: Array<() => Promise<void>> = [];
  const succeeded = new Set<number>();
  function step(title: string, body: () => Promise<void>): void {
    const index = steps.push(body) - 1;
    it(title, async function () {
      const missing = steps.slice(0, index).filter((_, i) => !succeeded.has(i)).length;
      this.timeout(60_000 * (missing + 1));
      for (let i = 0; i <= index; i++) {
        if (succeeded.has(i)) continue;
        await (steps[i] as () => Promise<void>)();
        succeeded.add(i);
      }
    });
  }

  const card$ = (field: string) => portal.locator(`#talentlms-card [data-field="${field}"]`).innerText();

  it('starts empty: no application in the portal, SSO not set up at the SP', async () => {
    expect((await stack.idp.services.directory.listApplications({ limit: 10, offset: 0 })).items).to.have.length(0);
    expect(stack.sp.services.sso.isConfigured(await stack.sp.services.sso.getSettings('localhost'))).to.equal(false);
  });

  step('1. the admin signs in to the IdP admin portal', async () => {
    await portal.goto(`${stack.idpUrl}/admin/`);
    await portal.waitForURL(/\/admin\/login/);
    await portal.getByLabel('Admin email').fill(stack.idpAdmin.email);
    await portal.getByLabel('Password').fill(stack.idpAdmin.password);
    await screenshot(portal, '10-admin-portal-sign-in');
    await portal.getByRole('button', { name: 'Sign in' }).click();
    await portal.waitForURL(`${stack.idpUrl}/admin/applications`);
    expect(await portal.getByRole('heading', { level: 1 }).innerText()).to.equal('SSO Applications');
  });

  step('2. User Authentication → SSO Applications → + Add New Application → search the catalog → Next', async () => {
    const nav = portal.getByRole('navigation', { name: 'Admin portal' });
    await nav.getByRole('link', { name: 'SSO Applications' }).click();
    expect(await nav.getByRole('link', { name: 'SSO Applications' }).getAttribute('aria-current')).to.equal('page');
    await screenshot(portal, '11-admin-sso-applications-empty');
    await portal.getByRole('link', { name: '+ Add New Application' }).click();
    await portal.getByRole('searchbox', { name: 'Search' }).or(portal.getByLabel('Search')).first().fill('TalentLMS');
    await portal.getByRole('button', { name: 'Search' }).click();
    await portal.waitForURL(/q=TalentLMS/);
    await screenshot(portal, '12-admin-catalog-search');
    await portal.getByRole('link', { name: /^TalentLMS Cloud learning/ }).click();
    await portal.waitForURL(/\/admin\/applications\/new\/talentlms$/);
  });

  step('3. display label and description → Save Application → Configure Application', async () => {
    await portal.getByLabel('Display Label').fill('TalentLMS');
    await portal.getByLabel(/Description/).fill('Courses and training');
    expect(await portal.getByLabel('Show in User Portal').isChecked()).to.equal(true);
    await screenshot(portal, '13-admin-new-application');
    await portal.getByRole('button', { name: 'Save Application' }).click();
    await portal.waitForURL(/\/created$/);
    await screenshot(portal, '14-admin-application-saved');
    await portal.getByRole('link', { name: 'Configure Application' }).click();
    await portal.waitForURL(/\/sso$/);
    appPanelUrl = portal.url().replace(/\/sso$/, '');
    const tabs = portal.getByRole('navigation', { name: 'Application settings' });
    expect(await tabs.getByRole('link', { name: 'SSO' }).getAttribute('aria-current')).to.equal('page');
    for (const t of ['User Groups', 'Identity Management']) expect(await tabs.getByRole('link', { name: t }).count()).to.equal(1);
  });

  step('4. the SP admin signs in to TalentLMS and reads the SP entity ID and ACS URL from the SSO page', async () => {
    await lms.goto(`${stack.spUrl}/`);
    await lms.getByLabel('Username').fill(stack.spAdmin.login);
    await lms.getByLabel('Password').fill(stack.spAdmin.password);
    await lms.getByRole('button', { name: 'Sign in' }).click();
    await lms.waitForURL(`${stack.spUrl}/dashboard`);
    // Account & Settings → Users → Single Sign-On (SSO)
    await lms.getByRole('link', { name: 'Account & Settings' }).first().click();
    await lms.getByRole('link', { name: 'Single Sign-On (SSO)' }).first().click();
    await lms.waitForURL(`${stack.spUrl}/account/users/sso`);
    spEntityId = await lms.locator('[data-sp="entity-id"]').innerText();
    spAcsUrl = await lms.locator('[data-sp="acs-url"]').innerText();
    expect(spEntityId).to.equal('localhost');
    expect(spAcsUrl).to.equal(`${stack.spUrl}/simplesaml/module.php/saml/sp/saml2-acs.php/localhost`);
    await screenshot(lms, '15-sp-sso-page-empty');
  });

  step('5. SSO tab: YOURDOMAIN / SUBDOMAIN replaced with the SP values, saved', async () => {
    await portal.bringToFront();
    const entity = portal.getByLabel('SP Entity ID');
    expect(await entity.inputValue()).to.contain('YOURDOMAIN');
    expect(await portal.getByLabel(/ACS URLs/).inputValue()).to.contain('SUBDOMAIN');
    await entity.fill(spEntityId);
    await portal.getByLabel(/ACS URLs/).fill(spAcsUrl);
    await portal.getByRole('button', { name: 'Save', exact: true }).first().click();
    await portal.waitForURL(`${appPanelUrl}/sso`);
    expect(await portal.getByRole('status').first().innerText()).to.match(/SSO settings of TalentLMS were saved/);
    expect(await portal.getByLabel('SP Entity ID').inputValue()).to.equal(spEntityId);
    await screenshot(portal, '16-admin-sso-tab-saved');
  });

  step("6. IDP Certificate Valid → Download certificate: a PEM whose SHA-1 is the card's fingerprint", async () => {
    const [download] = await Promise.all([
      portal.waitForEvent('download'),
      portal.getByRole('link', { name: 'Download certificate' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal('certificate.pem');
    const pem = readFileSync((await download.path()) as string, 'utf8');
    expect(pem).to.match(/^-----BEGIN CERTIFICATE-----/);
    card = {
      idpEntityId: await card$('idp-entity-id'),
      fingerprint: await card$('fingerprint'),
      signInUrl: await card$('sign-in-url'),
      signOutUrl: await card$('sign-out-url'),
    };
    expect(fingerprints(pem).sha1).to.equal(card.fingerprint);
    expect(card.signInUrl).to.match(new RegExp(`^${stack.idpUrl}/saml2/talentlms$`));
    await portal.locator('#certificate').scrollIntoViewIfNeeded();
    await screenshot(portal, '17-admin-certificate-and-card', { fullPage: false });
  });

  step("7. TalentLMS SSO page: paste the card's values → Save and check configuration → every check ok", async () => {
    await lms.bringToFront();
    expect(await lms.getByLabel('SSO integration type').inputValue()).to.equal('saml2');
    await lms.getByLabel('Identity provider (IdP)').fill(card.idpEntityId);
    await lms.getByLabel('Certificate fingerprint').fill(card.fingerprint);
    await lms.getByLabel('Remote sign-in URL').fill(card.signInUrl);
    await lms.getByLabel('Remote sign-out URL').fill(card.signOutUrl);
    for (const [label, value] of [
      ['TargetedID', 'Username'],
      ['First name', 'FirstName'],
      ['Last name', 'LastName'],
      ['Email', 'Email'],
    ]) {
      expect(await lms.getByLabel(label as string, { exact: true }).inputValue()).to.equal(value);
    }
    await lms.getByRole('button', { name: 'Save and check configuration' }).click();
    await lms.waitForSelector('#check-report');
    const report = lms.locator('#check-report');
    expect(await report.getAttribute('data-ok')).to.equal('true');
    const statuses = await report
      .locator('[data-check]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-check')}=${e.getAttribute('data-status')}`));
    expect(statuses).to.deep.equal(['metadata=ok', 'entity-id=ok', 'certificate=ok', 'sign-in-url=ok', 'certificate-validity=ok']);
    await screenshot(lms, '18-sp-save-and-check-ok');
  });

  step("8. a user and a group in the portal; the group is bound on the application's User Groups tab", async () => {
    await portal.bringToFront();
    await portal.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Users' }).click();
    await portal.getByLabel('Username', { exact: true }).fill(member.username);
    await portal.getByLabel('Company Email').fill(member.email);
    await portal.getByLabel('First Name').fill(member.firstName);
    await portal.getByLabel('Last Name').fill(member.lastName);
    await portal.getByLabel(/^Password/).fill(member.password);
    await portal.getByRole('button', { name: 'Create user' }).click();
    await portal.waitForURL(/\/admin\/users\/[^/]+$/);
    await portal.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'User Groups' }).click();
    await portal.getByLabel('Name', { exact: true }).fill(group);
    await portal.getByRole('button', { name: 'Create group' }).click();
    await portal.waitForURL(/\/admin\/groups\/[^/]+$/);
    await portal.getByLabel(/Add a member/).fill(member.email);
    await portal.getByRole('button', { name: 'Add member' }).click();
    await portal.waitForSelector(`text=${member.username} was added to the group.`);
    await portal.goto(`${appPanelUrl}/groups`);
    await portal.getByLabel(group).check();
    await portal.getByRole('button', { name: 'Save' }).click();
    expect(await portal.getByRole('status').first().innerText()).to.contain('1 bound');
    expect(await portal.getByLabel(group).isChecked()).to.equal(true);
    await screenshot(portal, '19-admin-user-groups-bound');
  });

  /** The member's browser as a fresh one: no cookie of the IdP or TalentLMS (one context for steps 9 and 10). */
  async function freshMemberPage(): Promise<Page> {
    memberBrowser ??= await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await memberBrowser.clearCookies();
    return memberBrowser.pages()[0] ?? (await memberBrowser.newPage());
  }

  step('9. IdP-initiated: the member signs in to the user console, clicks the tile and lands signed in at TalentLMS', async () => {
    const page = await freshMemberPage();
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await page.getByLabel(/username/i).fill(member.username);
    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    const tile = page.getByRole('link', { name: /TalentLMS/ });
    expect(await tile.innerText()).to.contain('Courses and training');
    await screenshot(page, '20-user-console-tile');
    await tile.click();
    await page.waitForURL(`${stack.spUrl}/dashboard`);
    expect(await page.locator('#signed-in-via').innerText()).to.contain(`signed in as ${member.username} with single sign-on`);
    await screenshot(page, '21-sp-home-signed-in-via-sso');
  });

  step('10. SP-initiated: a fresh browser opens TalentLMS → Sign in with SSO → IdP login → back, signed in', async () => {
    const page = await freshMemberPage();
    await page.goto(`${stack.spUrl}/`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.waitForURL(`${stack.idpUrl}/login**`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.contain('TalentLMS');
    await page.getByLabel(/username/i).fill(member.username);
    await page.getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.spUrl}/dashboard`);
    expect(await page.locator('#signed-in-via').innerText()).to.contain(`signed in as ${member.username} with single sign-on`);
    await screenshot(page, '21b-sp-home-after-sp-initiated');
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session).to.include({ login: member.username, signedInVia: 'sso' });
  });

  step(
    '11. SCIM: enable SCIM in TalentLMS, activate Identity Management with the API key; a new IdP user appears in TalentLMS',
    async () => {
      await lms.bringToFront();
      await lms.goto(`${stack.spUrl}/account/users/sso`);
      await lms.getByRole('button', { name: 'Enable SCIM v2 user provisioning' }).click();
      await lms.waitForURL(`${stack.spUrl}/account/users/sso/scim/key`);
      const apiKey = (await lms.locator('#scim-api-key').inputValue()).trim();
      expect(apiKey.length).to.be.greaterThan(20);
      await screenshot(lms, '22-sp-scim-enabled-key-once');
      // The key is shown once: coming back to the page shows the status, never the key.
      await lms.goto(`${stack.spUrl}/account/users/sso`);
      expect(await lms.locator('#scim-status').innerText()).to.equal('Enabled');
      expect(await lms.locator('#scim-api-key').count()).to.equal(0);

      await portal.bringToFront();
      await portal.goto(appPanelUrl);
      await portal.getByRole('navigation', { name: 'Application settings' }).getByRole('link', { name: 'Identity Management' }).click();
      await portal.getByLabel('Base URL').fill(`${stack.spUrl}/api/scim2`);
      await portal.getByLabel('Token Key').fill(apiKey);
      await portal.getByRole('button', { name: 'Activate' }).click();
      expect(await portal.getByRole('status').first().innerText()).to.match(/successfully verified/);
      await screenshot(portal, '23-admin-identity-management-active', { fullPage: false });

      const newcomer = { username: 'grace.hopper', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' };
      await portal.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Users' }).click();
      await portal.getByLabel('Username', { exact: true }).fill(newcomer.username);
      await portal.getByLabel('Company Email').fill(newcomer.email);
      await portal.getByLabel('First Name').fill(newcomer.firstName);
      await portal.getByLabel('Last Name').fill(newcomer.lastName);
      await portal.getByRole('button', { name: 'Create user' }).click();
      await portal.waitForURL(/\/admin\/users\/[^/]+$/);
      // Provisioned when the user joins a group bound to the application (article: "Imported users must be members of a user group bound to an application").
      await portal.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'User Groups' }).click();
      await portal.getByRole('link', { name: group }).click();
      await portal.getByLabel(/Add a member/).fill(newcomer.username);
      await portal.getByRole('button', { name: 'Add member' }).click();

      await lms.bringToFront();
      const deadline = Date.now() + 15_000;
      let row = lms.locator(`tr[data-user="${newcomer.username}"]`);
      for (;;) {
        await lms.goto(`${stack.spUrl}/account/users`);
        row = lms.locator(`tr[data-user="${newcomer.username}"]`);
        if ((await row.count()) > 0 || Date.now() > deadline) break;
        await lms.waitForTimeout(250);
      }
      expect(await row.count(), `${newcomer.username} never appeared in the TalentLMS users list`).to.equal(1);
      expect(await row.innerText())
        .to.contain('SCIM')
        .and.contain(newcomer.email);
      await screenshot(lms, '24-sp-users-provisioned-by-scim');
    },
  );

  step('12. Directory Insights shows the provisioning, filtered by event type', async () => {
    await portal.bringToFront();
    await portal.getByRole('navigation', { name: 'Admin portal' }).getByRole('link', { name: 'Directory Insights' }).click();
    await portal.getByLabel('Event type').selectOption('user_create_provision');
    await portal.getByRole('button', { name: 'Filter' }).click();
    await portal.waitForURL(/type=user_create_provision/);
    const rows = portal.locator('tbody tr');
    expect(await rows.count()).to.be.greaterThan(0);
    expect(await rows.allInnerTexts()).to.satisfy((texts: string[]) => texts.every((t) => t.includes('user_create_provision')));
    await screenshot(portal, '25-admin-directory-insights-filtered');
  });
});
