// Dead ends on the article's path, over real HTTP: the Back button after signing in at the IdP, an admin form
// sent after the admin session expired, and the SP's expired session.
import { expect } from 'chai';
import { HttpBrowser, onlyForm, type Page } from './support/http-browser.js';
import { loginValues, samlPostForm } from './support/saml-form.js';
import { type Stack, startStack } from './support/stack.js';

describe('Dead ends on the article path (HTTP)', function () {
  this.timeout(30_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => stack?.stop());

  const signIn = (browser: HttpBrowser, page: Page) =>
    browser.submit(
      onlyForm(page, (f) => 'password' in f.fields),
      loginValues(stack.demo.username, stack.demo.password),
    );

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
});
