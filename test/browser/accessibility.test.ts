// Accessibility of the main pages of both apps, checked in Chromium with axe-core: no serious or
// critical violation (labels, contrast ≥ 4.5:1, landmarks, names of links and buttons, ARIA use),
// plus the keyboard basics axe cannot see (skip link first, visible focus).
import { expect } from 'chai';
import { describeViolations, seriousViolations } from './support/axe.js';
import { chromiumAndDemoStack, pagePerSuite } from './support/chromium-suite.js';
import { idpAdminPortalPaths } from './support/idp-admin-pages.js';
import { signInToIdpAdmin } from './support/idp-admin-sign-in.js';
import { signInToSpAdmin } from './support/sp-admin-sign-in.js';

describe('Accessibility of both apps (axe-core in Chromium)', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  // Each test starts without cookies: it signs in where it needs to. bypassCSP only so axe's injected script may
  // run; the pages themselves are unchanged.
  const { context, page } = pagePerSuite(browser, { bypassCSP: true, viewport: { width: 1280, height: 800 } });
  let appId = '';
  let idpEntityId = '';

  before(async () => {
    appId = (await stack.idp.services.directory.listApplications({ limit: 10, offset: 0 })).items[0]?.id ?? '';
    idpEntityId = (await stack.sp.services.sso.getSettings('localhost')).idpEntityId;
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

  it('the audit reports the serious and critical violations planted in a page, each with its element', async () => {
    // The same origin as the apps' pages (its own markup, no app CSP): an image without a text alternative, text
    // below 4.5:1 contrast, a button without a name; the moderate "content outside landmarks" is left out.
    await page.goto(`${stack.idpUrl}/login`);
    await page.setContent(`<!doctype html><html lang="en"><head><title>Planted</title></head><body>
      <img id="photo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <p id="faint" style="color:#aaa;background:#fff">Faint text</p>
      <button id="nameless"></button></body></html>`);
    const violations = await seriousViolations(page);
    expect(violations.map(({ id, impact, nodes }) => ({ id, impact, nodes }))).to.deep.equal([
      { id: 'button-name', impact: 'critical', nodes: ['["#nameless"]'] },
      { id: 'color-contrast', impact: 'serious', nodes: ['["#faint"]'] },
      { id: 'image-alt', impact: 'critical', nodes: ['["#photo"]'] },
    ]);
  });

  it('the IdP sign-in page, also when it shows an error', async () => {
    await expectAccessible(`${stack.idpUrl}/login`);
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).to.match(/incorrect/);
    await expectCurrentPageAccessible('login with an error');
  });

  it('the user console and the IdP error page', async () => {
    await page.goto(`${stack.idpUrl}/login`);
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
    for (const path of await idpAdminPortalPaths(stack.idp, appId)) await expectAccessible(`${stack.idpUrl}${path}`);
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
    expect(await page.locator('#check-not-saved').count()).to.equal(1);
    await expectCurrentPageAccessible('SSO settings with a failed check, not saved');
    await page.goto(`${stack.spUrl}/account/users/sso`);
    await page.getByLabel('Certificate fingerprint').fill('not a fingerprint\nnor this');
    await page.getByLabel('Remote sign-in URL').fill('nope');
    await page.getByRole('button', { name: 'Save and check configuration' }).click();
    expect(await page.locator('#error-summary').count()).to.equal(1);
    await expectCurrentPageAccessible('SSO settings with one error per field');
  });

  it('the pages of the dead ends: a refused sign-in, the ended session, the used IdP sign-in request', async () => {
    // A refused sign-in at the SP (its page with the next step and the admins' hint).
    await page.goto(`${stack.spUrl}/`);
    const refused = page.waitForResponse((r) => r.url() === stack.spAcsUrl);
    await page.evaluate((acs) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = acs;
      const input = document.createElement('input');
      input.name = 'SAMLResponse';
      input.value = 'bm90IFNBTUw=';
      form.append(input);
      document.body.append(form);
      form.submit();
    }, stack.spAcsUrl);
    expect((await refused).status()).to.equal(403);
    await page.waitForURL(stack.spAcsUrl);
    await page.locator('#next-step').waitFor();
    await expectCurrentPageAccessible('SP refused sign-in');
    await expectAccessible(`${stack.spUrl}/?return=%2Fdashboard&expired=1`);
    expect(await page.locator('#session-ended').count()).to.equal(1);

    // The IdP: the Back button to a used sign-in request while signed in offers Continue.
    await page.goto(`${stack.spUrl}/index/ssologin/service:saml`);
    await page.waitForURL(/\/login\?flow=/);
    const loginUrl = page.url();
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel('Password').fill(stack.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.spUrl}/**`);
    await page.goto(loginUrl);
    expect(await page.getByRole('link', { name: /^Continue to / }).count()).to.equal(1);
    await expectCurrentPageAccessible('IdP: used sign-in request, still signed in');

    // The IdP admin portal: a form sent after the admin session ended → admin sign-in → back, input kept.
    await signInToIdpAdmin(page, stack);
    await page.goto(`${stack.idpUrl}/admin/users`);
    await page.locator('#username').fill('a11y.kept');
    await page.locator('#email').fill('a11y.kept@example.com');
    await page.locator('#password').fill('not-kept-password');
    await context.clearCookies();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fusers$/);
    expect(await page.getByRole('status').first().innerText()).to.contain('Your admin session expired');
    await expectCurrentPageAccessible('IdP admin sign-in after the session expired');
    await page.getByLabel('Admin email').fill(stack.idp.config.adminEmail);
    await page.getByLabel('Password').fill(stack.idp.config.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idpUrl}/admin/users`);
    await page.waitForFunction(() => (document.getElementById('email') as HTMLInputElement | null)?.value === 'a11y.kept@example.com');
    expect(await page.locator('#username').inputValue()).to.equal('a11y.kept');
    expect(await page.locator('#password').inputValue()).to.equal('');
    await expectCurrentPageAccessible('IdP admin form with the kept input');
  });

  it('the one-time SCIM API key page, the IdP import list and the permanent-delete confirmation', async () => {
    // TalentLMS as the Super Admin: the IdP entity ID is the right one (SCIM needs working SSO settings; the form
    // that saves it is another test's), set through the SP's service. The demo stack has SCIM on already:
    // regenerating shows the new API key once.
    await stack.sp.services.sso.updateSettings('localhost', { idpEntityId });
    await signInToSpAdmin(page, stack);
    await page.goto(`${stack.spUrl}/account/users/sso`);
    expect(await page.getByLabel('Identity provider (IdP)').inputValue()).to.equal(idpEntityId);
    await page.getByRole('button', { name: 'Regenerate API key' }).click();
    await page.waitForURL(`${stack.spUrl}/account/users/sso/scim/key`);
    const apiKey = (await page.locator('#scim-api-key').inputValue()).trim();
    expect(apiKey.length).to.be.greaterThan(20);
    await expectCurrentPageAccessible('the one-time SCIM API key page');
    await page.reload();
    expect(await page.locator('#scim-key-gone').count()).to.equal(1);
    await expectCurrentPageAccessible('the SCIM API key page once the key was shown');

    // A TalentLMS user for the import list and for the trash, created over SCIM with that key (RFC 7644 §3.3).
    const created = await fetch(`${stack.spUrl}/api/scim2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'a11y.trash',
        name: { givenName: 'Alex', familyName: 'Trash' },
        emails: [{ value: 'a11y.trash@example.com', primary: true }],
        active: true,
      }),
    });
    expect(created.status, await created.text()).to.equal(201);

    // IdP admin portal: activate Identity Management with the key, then open the manual import list.
    await signInToIdpAdmin(page, stack);
    await page.goto(`${stack.idpUrl}/admin/applications/${appId}/identity-management`);
    await page.getByLabel('Base URL').fill(`${stack.spUrl}/api/scim2`);
    await page.getByLabel('Token Key').fill(apiKey);
    await page.getByRole('button', { name: 'Activate', exact: true }).first().click();
    expect(await page.getByRole('status').first().innerText()).to.match(/successfully verified/);
    await expectAccessible(`${stack.idpUrl}/admin/applications/${appId}/identity-management/import`);
    expect(await page.getByRole('heading', { name: 'Manual import' }).count()).to.equal(1);
    expect(await page.locator('tbody tr').count()).to.be.greaterThan(0);

    // TalentLMS (the Super Admin's session is still there): Delete → Trash → Permanently delete asks for confirmation first.
    await page.goto(`${stack.spUrl}/account/users`);
    await page.getByRole('button', { name: 'Delete a11y.trash' }).click();
    await page.goto(`${stack.spUrl}/account/users/trash`);
    await page.locator('tr[data-user="a11y.trash"]').getByRole('link', { name: 'Permanently delete' }).click();
    await page.waitForURL(/\/account\/users\/[^/]+\/purge$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Permanently delete a11y.trash?');
    await expectCurrentPageAccessible('permanent-delete confirmation');
  });

  it('the SAML tools: IdP SSO trace, SP test bench with a run, SP sign-in log and trace; no sideways scroll at 390 px', async () => {
    // One IdP-initiated sign-in (the member, whose cookies are then cleared as if it were another browser) makes an
    // sso_auth event with its trace at the IdP and a sign-in trace at the SP.
    await page.goto(`${stack.idpUrl}/login`);
    await page.getByLabel(/username/i).fill(stack.demo.username);
    await page.getByLabel('Password').fill(stack.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    await page.goto(`${stack.idpUrl}/saml2/${stack.appName}`);
    await page.waitForURL(`${stack.spUrl}/**`);
    await context.clearCookies();
    await signInToIdpAdmin(page, stack);
    await page.goto(`${stack.idpUrl}/admin/insights?type=sso_auth`);
    const idpTrace = new URL(
      (await page
        .getByRole('link', { name: /^SSO trace of the event/ })
        .first()
        .getAttribute('href')) ?? '',
      stack.idpUrl,
    ).toString();
    await page.goto(`${stack.idpUrl}/admin/applications/${appId}/bench`);
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.waitForURL(`${stack.idpUrl}/admin/applications/${appId}/bench`);
    expect(await page.getByRole('table', { name: 'Results of Run all' }).count()).to.equal(1);
    await signInToSpAdmin(page, stack);
    await page.goto(`${stack.spUrl}/account/users/sso/sign-ins`);
    const spTrace = new URL(
      (await page
        .getByRole('link', { name: /^Trace of the sign-in/ })
        .first()
        .getAttribute('href')) ?? '',
      stack.spUrl,
    ).toString();
    const pages = [idpTrace, `${stack.idpUrl}/admin/applications/${appId}/bench`, `${stack.spUrl}/account/users/sso/sign-ins`, spTrace];
    // Each page loaded once, audited at 1280 px and again once its viewport is 390 px (the pages' layouts are CSS
    // media queries: a narrower window lays the same page out as a load at that width does).
    for (const url of pages) {
      await page.setViewportSize({ width: 1280, height: 800 });
      expect((await page.goto(url))?.status(), url).to.equal(200);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await expectCurrentPageAccessible(`${url} at ${width} px`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} at ${width} px scrolls sideways by ${overflow} px`).to.be.at.most(0);
      }
    }
  });

  it('keyboard: the first Tab reaches "Skip to main content", which moves focus to the page, with a visible outline', async () => {
    await signInToIdpAdmin(page, stack);
    await signInToSpAdmin(page, stack);
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
