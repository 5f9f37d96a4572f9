// Dead ends on the article's path, over real HTTP: the Back button after signing in at the IdP, an admin form
// sent after the admin session expired, and the SP's expired session.

import { CookieJar } from '@samlbridge/test-support';
import { expect } from 'chai';
import { HttpBrowser, type Page } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { signInAtIdp, stackFixture } from './support/stack-fixture.js';

describe('Dead ends on the article path (HTTP)', function () {
  this.timeout(30_000);
  const stack = stackFixture();

  const signIn = (browser: HttpBrowser, page: Page) => signInAtIdp(stack, browser, page);

  it('offers "Continue to <application>" when the Back button returns a signed-in person to a used sign-in request', async () => {
    const browser = new HttpBrowser();
    const login = await browser.navigate('GET', `${stack.spUrl}/index/ssologin/service:saml`);
    expect(login.url).to.match(/\/login\?flow=/);
    await browser.submit(samlPostForm(await signIn(browser, login)));
    // Back: the browser shows the sign-in page of the flow again.
    const back = await browser.request('GET', login.url);
    expect(back.status).to.equal(400);
    expect(back.body).to.contain('already used');
    expect(back.body).to.contain('You are still signed in');
    const app = (await stack.idp.services.directory.listApplications({ limit: 10, offset: 0 })).items[0];
    expect(back.body).to.contain(`href="/saml2/${app?.name}">Continue to ${app?.displayLabel}</a>`);
    // Continue launches the application (IdP-initiated) without signing in again.
    const launched = await browser.request('GET', `${stack.idpUrl}/saml2/${app?.name}`);
    expect(launched.body).to.contain('SAMLResponse');
  });

  it('keeps "expired or already used" without a Continue link for a person who is not signed in', async () => {
    const browser = new HttpBrowser();
    const login = await browser.navigate('GET', `${stack.spUrl}/index/ssologin/service:saml`);
    await browser.submit(samlPostForm(await signIn(browser, login)));
    const stranger = new HttpBrowser();
    const page = await stranger.request('GET', login.url);
    expect(page.status).to.equal(400);
    expect(page.body).to.contain('expired or was already used');
    expect(page.body).to.not.contain('Continue to');
  });

  async function send(jar: CookieJar, method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(`${stack.idpUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...jar.headers(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.store(res);
    return { status: res.status, location: res.headers.get('location') ?? '', body: await res.text() };
  }
  const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';

  async function adminSignIn(jar: CookieJar, next = '/admin/applications') {
    const login = await send(jar, 'GET', `/admin/login?next=${encodeURIComponent(next)}`);
    return send(jar, 'POST', '/admin/login', {
      _csrf: csrfOf(login.body),
      next,
      email: stack.idp.config.adminEmail,
      password: stack.idp.config.adminPassword,
    });
  }

  it('sends an admin whose session expired to the admin sign-in, then back to the form with the safe input kept', async () => {
    const jar = new CookieJar();
    await adminSignIn(jar);
    const usersPage = await send(jar, 'GET', '/admin/users');
    const csrf = csrfOf(usersPage.body);
    // The admin session expires while the form is open.
    stack.idpClock.advance((stack.idp.config.sessionTtlSeconds + 60) * 1000);
    const sent = await send(
      jar,
      'POST',
      '/admin/users',
      {
        _csrf: csrf,
        username: 'kept.typing',
        email: 'kept.typing@example.com',
        firstName: 'Kept',
        lastName: 'Typing',
        password: 'secret-password-1',
      },
      { 'sec-fetch-site': 'same-origin', origin: stack.idpUrl },
    );
    expect(sent.status).to.equal(303);
    expect(sent.location).to.equal('/admin/login?next=%2Fadmin%2Fusers');
    expect(await stack.idp.services.directory.findUserIdByLogin('kept.typing')).to.equal(undefined);
    const login = await send(jar, 'GET', sent.location);
    expect(login.status).to.equal(200);
    expect(login.body).to.contain('Your admin session expired, so nothing was changed');
    expect(login.body).to.not.contain('Access denied');
    const signedIn = await send(jar, 'POST', '/admin/login', {
      _csrf: csrfOf(login.body),
      next: '/admin/users',
      email: stack.idp.config.adminEmail,
      password: stack.idp.config.adminPassword,
    });
    expect(signedIn.location).to.equal('/admin/users');
    const back = await send(jar, 'GET', '/admin/users');
    expect(back.body).to.contain('id="restored-form-notice"');
    expect(back.body).to.contain('data-action="/admin/users"');
    expect(back.body).to.contain('kept.typing@example.com');
    expect(back.body).to.not.contain('secret-password-1');
    expect(back.body).to.contain('<script src="/assets/restore-form.js" defer></script>');
    // Shown once.
    expect((await send(jar, 'GET', '/admin/users')).body).to.not.contain('id="restored-form-notice"');
  });

  it('comes back to the page of an action form (suspend → the user page)', async () => {
    const jar = new CookieJar();
    const sent = await send(jar, 'POST', '/admin/users/some-id/suspend', {}, { 'sec-fetch-site': 'same-origin' });
    expect(sent.location).to.equal('/admin/login?next=%2Fadmin%2Fusers%2Fsome-id');
  });

  it('keeps nothing from a cross-site POST to an admin form (no pre-filling from another site)', async () => {
    const jar = new CookieJar();
    const sent = await send(
      jar,
      'POST',
      '/admin/users',
      { username: 'planted' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    );
    expect(sent.status).to.equal(303);
    expect(sent.location).to.equal('/admin/login?next=%2Fadmin%2Fusers');
    const signedIn = await adminSignIn(jar, '/admin/users');
    expect(signedIn.location).to.equal('/admin/users');
    expect((await send(jar, 'GET', '/admin/users')).body).to.not.contain('planted');
  });
});
