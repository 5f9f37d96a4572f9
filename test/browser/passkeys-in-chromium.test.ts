// Passkeys in the real Chromium, with the DevTools virtual authenticator (CTAP2, internal transport, resident keys,
// user verification): registration on the Security page, the passkey as the second factor, usernameless sign-in
// only when the admin allows it, a step-up requested by an SP (node-saml asks for REFEDS MFA), removal and the
// admin's view, the admin's own passkey at the admin sign-in. The pages run under their strict CSP.
// Registration through the pages is the subject of the first two tests and of the admin's; the tests about what a
// passkey then does are given one as the IdP stores it (seedPasskey: the IdP's passkey service verifies a software
// authenticator's registration, and the browser's virtual authenticator gets the same key). Where the password form is
// not the subject, its post is made over HTTP and the session cookies given to the browser. One member browser (made
// fresh for each test) and one IT admin browser serve the whole suite.
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { expect } from 'chai';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { createPasskeyService } from '../../packages/idp/src/mfa/passkeys.js';
import { SoftAuthenticator } from '../../packages/idp/test/helpers/soft-authenticator.js';
import { HttpBrowser, onlyForm } from '../support/http-browser.js';
import { describeViolations, seriousViolations } from './support/axe.js';
import { screenshot } from './support/chromium.js';
import { chromiumAndDemoStack } from './support/chromium-suite.js';
import { sendIdpAdminSignIn, signInToIdpAdmin } from './support/idp-admin-sign-in.js';

const REFEDS_MFA = 'https://refeds.org/profile/mfa';
const PASSWORD = 'long-password-42';

interface Browsing {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}

describe('Passkeys in a real browser (Chromium virtual authenticator)', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  let n = 0;
  const open: BrowserContext[] = [];
  /** The IT admin's browser: one for the suite, opened on first use (chromiumForSuite closes it after the suite). */
  let admin: Page | undefined;

  /** The member's browser: one context for the suite, given to the first browsing() of each test as a fresh one. */
  let member: Browsing | undefined;
  let memberTaken = false;

  afterEach(async () => {
    memberTaken = false;
    await Promise.allSettled(open.splice(0).map((c) => c.close()));
    await stack.idp.store.passkeys.putSettings({ allowPasskeyOnly: false }, new Date());
  });

  const PLATFORM_AUTHENTICATOR = {
    protocol: 'ctap2',
    transport: 'internal',
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
    automaticPresenceSimulation: true,
  } as const;

  /**
   * A browser with its own cookies and a platform authenticator that verifies the user (a fingerprint, say). The
   * first of a test is the suite's member browser made fresh: no cookie, no route, a new authenticator without
   * credentials (a context costs about 0.8 s of Chromium CPU to create and close); more, or one without the CSP, a
   * new context each.
   */
  async function browsing(options: { bypassCSP?: boolean } = {}): Promise<Browsing> {
    if (options.bypassCSP || memberTaken) return newBrowsing(options);
    memberTaken = true;
    if (!member || member.page.isClosed()) {
      member = await newBrowsing({}, false);
      return member;
    }
    const { context, page, cdp, authenticatorId } = member;
    await context.clearCookies();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.goto('about:blank');
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    const fresh = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: PLATFORM_AUTHENTICATOR });
    member = { context, page, cdp, authenticatorId: fresh.authenticatorId };
    return member;
  }

  /** A new context with one page and the platform authenticator; closed after the test unless `closedAfterTest` is false (the suite's after closes it). */
  async function newBrowsing(options: { bypassCSP?: boolean }, closedAfterTest = true): Promise<Browsing> {
    const context = await browser.newContext({ bypassCSP: options.bypassCSP ?? false });
    if (closedAfterTest) open.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: PLATFORM_AUTHENTICATOR });
    return { context, page, cdp, authenticatorId };
  }

  /** A member of the application's groups (so the SP may be opened). */
  async function newUser(): Promise<{ username: string; id: string }> {
    n += 1;
    const username = `passkey.user${n}`;
    const user = await stack.idp.services.directory.createUser({ username, email: `${username}@example.com`, password: PASSWORD });
    const app = await stack.idp.store.applications.findByName(stack.appName);
    for (const g of await stack.idp.store.applications.listBoundGroupIds(app?.id ?? '')) await stack.idp.store.groups.addMember(g, user.id);
    return { username, id: user.id };
  }

  async function passwordStep(page: Page, username: string) {
    await page.getByLabel(/username/i).fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function signInToConsole(page: Page, username: string) {
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await passwordStep(page, username);
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
  }

  /**
   * A signed-in session for a test not about the sign-in form: `start` (a page that asks to sign in) opened over HTTP
   * and its password form posted with `fields` (test/support/http-browser), landing on `start`; the session cookies
   * (HttpOnly, SameSite=Lax, as the IdP sets them) are then given to this browser.
   */
  async function passwordSessionFor(page: Page, start: string, fields: Record<string, string>) {
    const http = new HttpBrowser();
    const login = await http.get(`${stack.idpUrl}${start}`);
    const landed = await http.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      fields,
    );
    expect(landed.url).to.equal(`${stack.idpUrl}${start}`);
    const cookies = [...http.cookies(stack.idpUrl)].map(([name, value]) => ({
      name,
      value,
      url: stack.idpUrl,
      httpOnly: true,
      sameSite: 'Lax' as const,
    }));
    await page.context().addCookies(cookies);
  }

  /** A user console session (password only) for a test not about the sign-in form. */
  const consoleSessionFor = (page: Page, username: string) => passwordSessionFor(page, '/userconsole/', { username, password: PASSWORD });

  /** The console's sign-in with the password, then the passkey at the factor step. */
  async function signInWithPasskey(page: Page, username: string) {
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await passwordStep(page, username);
    await page.waitForURL(`${stack.idpUrl}/login/mfa**`);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
  }

  /** Security page → "Add a passkey" (the browser's dialog is the virtual authenticator's). */
  async function addPasskey(page: Page, name: string, firstFactor = true) {
    await page.goto(`${stack.idpUrl}/userconsole/security`);
    await page.getByLabel('Name of the new passkey').fill(name);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    if (firstFactor) {
      await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
      await page.getByRole('button', { name: 'Done' }).click();
    }
    await page.waitForURL(`${stack.idpUrl}/userconsole/security`);
  }

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState();
  }
  /** A new member in their own browser, signed in, with a passkey added on the Security page. */
  async function memberWithPasskey(name: string): Promise<Browsing & { user: { username: string; id: string } }> {
    const browsed = await browsing();
    const user = await newUser();
    await consoleSessionFor(browsed.page, user.username);
    await addPasskey(browsed.page, name);
    return { ...browsed, user };
  }

  /** A new member in their own browser, with a passkey as the Security page leaves it (seedPasskey), signed out. */
  async function memberWithSeededPasskey(name: string): Promise<Browsing & { user: { username: string; id: string } }> {
    const browsed = await browsing();
    const user = await newUser();
    await seedPasskey(browsed, user, name);
    return { ...browsed, user };
  }

  /**
   * What "Add a passkey" leaves behind, without the page: the IdP's passkey service verifies a registration made by a
   * software authenticator (the same ceremony code as the page's POST) and stores the factor, the first passkey's
   * recovery codes are issued as the page does, and the browser's virtual authenticator gets the same key pair as a
   * discoverable credential with the user handle the IdP gave it (webauthn-3 §5.4.3).
   */
  async function seedPasskey(browsed: Browsing, user: { username: string; id: string }, name: string): Promise<void> {
    const owner = `user:${user.id}` as const;
    const passkeys = createPasskeyService({
      store: stack.idp.store,
      clock: stack.idpClock,
      events: stack.idp.services.events,
      baseUrl: stack.idp.config.baseUrl,
      rpName: 'samlbridge',
      who: async () => ({ name: user.username, userId: user.id }),
    });
    const options = await passkeys.registrationOptions(owner, user.username, user.username);
    const authenticator = new SoftAuthenticator(passkeys.expectedOrigin);
    authenticator.counter = 1; // as Chromium's virtual authenticator registers (its signature counter starts at 1)
    const registered = await passkeys.register(owner, authenticator.create(options), name, '127.0.0.1');
    expect(registered.ok, 'the seeded registration was refused').to.equal(true);
    await stack.idp.mfa.regenerateRecoveryCodes({ owner, name: user.username, userId: user.id });
    await browsed.cdp.send('WebAuthn.addCredential', {
      authenticatorId: browsed.authenticatorId,
      credential: {
        credentialId: authenticator.credentialId.toString('base64'),
        isResidentCredential: true,
        rpId: passkeys.rpID,
        privateKey: authenticator.privateKeyPkcs8().toString('base64'),
        userHandle: Buffer.from(options.user.id, 'base64url').toString('base64'),
        signCount: authenticator.counter,
      },
    });
  }

  /** The IT admin's browser (one for the suite) on the portal page `path`, signed in. */
  async function adminAt(path: string): Promise<Page> {
    if (!admin || admin.isClosed()) admin = await (await browser.newContext()).newPage();
    await signInToIdpAdmin(admin, stack, path);
    return admin;
  }

  const events = async (type: string, userId: string) =>
    (await stack.idp.services.events.list({ type: type as never, user: userId, limit: 50, offset: 0 } as never)).items;

  it('registers a named passkey on the Security page and signs in with it as the second factor', async () => {
    const { page, user } = await memberWithPasskey('Work laptop');
    const row = page.locator('tr', { hasText: 'Work laptop' });
    expect(await row.innerText()).to.match(/Passkey/);
    await screenshot(page, 'passkey-01-security-page');
    await signOut(page);

    await page.goto(`${stack.idpUrl}/userconsole/`);
    await passwordStep(page, user.username);
    await page.waitForURL(`${stack.idpUrl}/login/mfa**`); // the factor step comes first
    await screenshot(page, 'passkey-02-factor-step');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);

    const factors = await stack.idp.mfa.factors(`user:${user.id}`);
    expect(factors.map((f) => [f.kind, f.name])).to.deep.equal([['webauthn', 'Work laptop']]);
    expect(factors[0]?.lastUsedAt).to.be.instanceOf(Date);
    expect((factors[0]?.data as { counter: number } | undefined)?.counter).to.be.greaterThan(0);
    const verified = (await events('mfa_verify', user.id)).filter((e) => e.success);
    expect(verified.map((e) => e.detail.factor)).to.deep.equal(['webauthn']);
    expect((await events('mfa_enrol', user.id)).map((e) => e.detail.factor)).to.include('webauthn');
  });

  it('a person whom a rule requires MFA of, with no factor yet, can enrol a passkey at the factor step', async () => {
    const { page } = await browsing();
    const user = await newUser();
    await stack.idp.mfa.setRule('user', user.id, true);
    await page.goto(`${stack.idpUrl}/userconsole/`);
    await passwordStep(page, user.username);
    await page.waitForURL(`${stack.idpUrl}/login/mfa**`);
    await page.getByLabel('Name of the new passkey').fill('Home laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    const factors = await stack.idp.mfa.factors(`user:${user.id}`);
    expect(factors.map((f) => [f.kind, f.name])).to.deep.equal([['webauthn', 'Home laptop']]);
    // The authenticator-app set-up shown beside it left no pending factor behind.
    expect(await stack.idp.store.mfa.listFactors(`user:${user.id}`)).to.have.length(1);
  });

  it('usernameless sign-in: refused while "allow passkey-only sign-in" is off, offered on the login page once the admin turns it on', async () => {
    const { page, user } = await memberWithSeededPasskey('Phone');

    await page.goto(`${stack.idpUrl}/login`);
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).to.equal(0);
    const refused = await page.evaluate(async () => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const res = await fetch('/login/passkey/options', { method: 'POST', body: new URLSearchParams({ _csrf: csrf }) });
      return { status: res.status, body: await res.json() };
    });
    expect(refused.status).to.equal(403);
    expect(refused.body.message).to.match(/turned off/);

    // The admin allows it in the portal (MFA settings).
    const portal = await adminAt('/admin/security');
    await portal.getByLabel(/Allow passkey-only sign-in/).check();
    await portal.getByRole('button', { name: 'Save' }).click();
    await portal.getByText('The MFA settings were saved.').waitFor();
    expect(await stack.idp.store.passkeys.getSettings()).to.deep.equal({ allowPasskeyOnly: true });

    await page.goto(`${stack.idpUrl}/login?next=/userconsole/`);
    await screenshot(page, 'passkey-03-login-with-passkey');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/`);
    expect(await page.locator('.who').innerText()).to.equal(user.username);
    const logins = await events('user_login_attempt', user.id);
    expect(logins[0]).to.include({ success: true });
    expect(logins[0]?.detail).to.include({ method: 'passkey' });
  });

  it('a passkey-only sign-in gives the SP the REFEDS MFA class', async () => {
    const { page } = await memberWithSeededPasskey('Laptop');
    await stack.idp.store.passkeys.putSettings({ allowPasskeyOnly: true }, new Date());

    const sp = spAsking([REFEDS_MFA], 'exact');
    const posted = captureAcs(page);
    await page.goto(await sp.getAuthorizeUrlAsync('', undefined, {}));
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const profile = await validated(sp, await posted);
    expect(profile.classRef).to.equal(REFEDS_MFA);
    expect(profile.nameID).to.be.a('string');
  });

  it('step-up requested by an SP (node-saml asks for REFEDS MFA) is done with the passkey in the running session', async () => {
    const user = await newUser();
    // Browser A: a password-only session, from before the person had a passkey.
    const a = await browsing();
    await consoleSessionFor(a.page, user.username);
    // Then the person adds a passkey (elsewhere); browser A's authenticator holds it too.
    await seedPasskey(a, user, 'Security key');

    const sp = spAsking([REFEDS_MFA], 'minimum');
    const posted = captureAcs(a.page);
    await a.page.goto(await sp.getAuthorizeUrlAsync('', undefined, {}));
    await a.page.waitForURL(`${stack.idpUrl}/login/mfa**`);
    await a.page.getByRole('button', { name: 'Use a passkey' }).click();
    const profile = await validated(sp, await posted);
    expect(profile.classRef).to.equal(REFEDS_MFA);
  });

  it('removing a passkey: gone from the Security page and the admin view, an mfa_remove event; the admin never sees key material', async () => {
    const { page, user } = await memberWithSeededPasskey('Old tablet');
    await signInWithPasskey(page, user.username); // a change on the Security page needs the second factor

    const portal = await adminAt(`/admin/users/${user.id}/mfa`);
    const adminRow = await portal.locator('tr', { hasText: 'Old tablet' }).innerText();
    expect(adminRow).to.match(/Passkey/);
    expect(adminRow).to.match(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/); // added
    const [factor] = await stack.idp.mfa.factors(`user:${user.id}`);
    const data = factor?.data as { credentialId: string; publicKey: string };
    const adminHtml = await portal.content();
    expect(adminHtml).not.to.contain(data.credentialId);
    expect(adminHtml).not.to.contain(data.publicKey);

    await page.goto(`${stack.idpUrl}/userconsole/security`);
    await page.locator('tr', { hasText: 'Old tablet' }).getByRole('button', { name: 'Remove' }).click();
    await page.waitForURL(`${stack.idpUrl}/userconsole/security`);
    expect(await page.locator('tr', { hasText: 'Old tablet' }).count()).to.equal(0);
    expect(await stack.idp.mfa.factors(`user:${user.id}`)).to.deep.equal([]);
    const removed = await events('mfa_remove', user.id);
    expect(removed[0]?.detail).to.include({ factor: 'webauthn', name: 'Old tablet' });
    await portal.reload();
    expect(await portal.locator('tr', { hasText: 'Old tablet' }).count()).to.equal(0);
  });

  it('the admin\'s "Reset factors" removes the passkeys too: the next sign-in is the password alone', async () => {
    const { page, user } = await memberWithSeededPasskey('Lost phone');

    const portal = await adminAt(`/admin/users/${user.id}/mfa`);
    await portal.getByRole('button', { name: 'Reset factors' }).click();
    await portal.getByText(/1 factor of .* removed/).waitFor();
    expect(await stack.idp.mfa.factors(`user:${user.id}`)).to.deep.equal([]);
    expect((await events('mfa_reset', user.id))[0]?.detail).to.include({ factorsRemoved: 1 });

    await signInToConsole(page, user.username); // no factor step any more
  });

  it('an admin adds a passkey to the admin account and uses it at the next admin sign-in', async () => {
    const { page } = await browsing();
    const email = `passkey.admin${++n}@example.com`;
    await stack.idp.services.admins.ensureAdmin(email, 'admin-password-42');
    await passwordSessionFor(page, '/admin/security', { email, password: 'admin-password-42' });
    await page.goto(`${stack.idpUrl}/admin/security`);
    await page.getByLabel('Name of the new passkey').fill('Admin laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL(`${stack.idpUrl}/admin/security`);
    expect(await page.getByText(/Admin laptop \(passkey/).count()).to.equal(1);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await sendIdpAdminSignIn(page, stack.idpUrl, email, 'admin-password-42');
    await page.waitForURL(`${stack.idpUrl}/admin/login/mfa`);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${stack.idpUrl}/admin/applications`);
  });

  it('the new pages have no serious accessibility violation (axe-core)', async () => {
    // bypassCSP only so axe's injected script may run.
    const mine = await browsing({ bypassCSP: true });
    const { page } = mine;
    const user = await newUser();
    await consoleSessionFor(page, user.username);
    await page.goto(`${stack.idpUrl}/userconsole/security`);
    await expectAccessible(page, 'security page with "Add a passkey"');
    await signOut(page);
    await seedPasskey(mine, user, 'Desk');
    await stack.idp.store.passkeys.putSettings({ allowPasskeyOnly: true }, new Date());
    await page.goto(`${stack.idpUrl}/login`);
    await expectAccessible(page, 'login page with "Sign in with a passkey"');
    await passwordStep(page, user.username);
    await page.waitForURL(`${stack.idpUrl}/login/mfa**`);
    await expectAccessible(page, 'factor step with "Use a passkey"');

    const required = await newUser();
    await stack.idp.mfa.setRule('user', required.id, true);
    const other = await browsing({ bypassCSP: true });
    await other.page.goto(`${stack.idpUrl}/userconsole/`);
    await passwordStep(other.page, required.username);
    await other.page.waitForURL(`${stack.idpUrl}/login/mfa**`);
    await expectAccessible(other.page, 'enrolment with "Or add a passkey"');

    await signInToIdpAdmin(other.page, stack, '/admin/security');
    await expectAccessible(other.page, 'admin Security page with "Add a passkey" and the passkey-only setting');
    await other.page.goto(`${stack.idpUrl}/admin/users/${user.id}/mfa`);
    await expectAccessible(other.page, "admin view of a user's passkeys");
  });

  async function expectAccessible(page: Page, what: string) {
    const violations = await seriousViolations(page);
    expect(violations, `${what}\n${describeViolations(violations)}`).to.deep.equal([]);
  }

  /** node-saml as the SP of the demo application, asking for these classes. */
  function spAsking(authnContext: string[], racComparison: 'exact' | 'minimum') {
    return new SAML({
      entryPoint: `${stack.idpUrl}/saml2/${stack.appName}`,
      issuer: 'localhost',
      audience: 'localhost',
      callbackUrl: stack.spAcsUrl,
      idpCert: stack.idp.signing.certificatePem,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.never,
      authnContext,
      racComparison,
    });
  }

  /** The SAMLResponse the IdP's page posts to the ACS (intercepted: the test is the SP here). */
  function captureAcs(page: Page): Promise<string> {
    return new Promise((resolve) => {
      void page.route(stack.spAcsUrl, async (route) => {
        const body = new URLSearchParams(route.request().postData() ?? '');
        resolve(body.get('SAMLResponse') ?? '');
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'received' });
      });
    });
  }

  async function validated(sp: SAML, samlResponse: string) {
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: samlResponse });
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    const classRef = /<(?:saml2?:)?AuthnContextClassRef>([^<]+)</.exec(xml)?.[1];
    return { nameID: profile?.nameID, classRef };
  }
});
