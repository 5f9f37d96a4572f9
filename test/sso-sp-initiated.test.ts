import {
  buildAuthnRequest,
  buildRedirectUrl,
  decodeRedirect,
  encodePost,
  encodeRedirect,
  newSamlId,
  parseAuthnRequest,
} from '@samlbridge/protocol';
import { expect } from 'chai';
import { userOutsideEveryGroup } from './support/demo-application.js';
import { HttpBrowser, onlyForm, type Page } from './support/http-browser.js';
import { loginValues, samlPostForm } from './support/saml-form.js';
import { signInAtIdp, stackFixture } from './support/stack-fixture.js';

describe('SP-initiated SSO (TalentLMS → IdP → TalentLMS)', () => {
  const stack = stackFixture();

  const signIn = (browser: HttpBrowser, page: Page) => signInAtIdp(stack, browser, page);

  /** The SP's redirect to the IdP, not followed: the AuthnRequest it carries. */
  async function spRedirect(browser: HttpBrowser, query = '') {
    const start = await browser.request('GET', `${stack.spUrl}/index/ssologin/service:saml${query}`);
    expect(start.status).to.equal(302);
    const location = new URL(start.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).to.equal(`${stack.idpUrl}/saml2/${stack.appName}`);
    const request = parseAuthnRequest(decodeRedirect(location.searchParams.get('SAMLRequest') ?? ''));
    return { location, request };
  }

  /** The IdP's SSO URL carrying an AuthnRequest from the SP with `flags` (HTTP-Redirect binding), and the request. */
  function idpSsoUrlWith(flags: { forceAuthn?: boolean; isPassive?: boolean }) {
    const xml = buildAuthnRequest({
      id: newSamlId(),
      issueInstant: new Date(),
      destination: `${stack.idpUrl}/saml2/${stack.appName}`,
      issuer: new URL(stack.spUrl).hostname,
      assertionConsumerServiceUrl: stack.spAcsUrl,
      ...flags,
    });
    return { xml, url: buildRedirectUrl(`${stack.idpUrl}/saml2/${stack.appName}`, { SAMLRequest: encodeRedirect(xml) }) };
  }

  it('redirects to the IdP with an AuthnRequest and comes back signed in (HTTP-Redirect binding)', async () => {
    const browser = new HttpBrowser();
    const { location, request } = await spRedirect(browser);
    expect(request.issuer).to.equal(new URL(stack.spUrl).hostname);
    expect(request.assertionConsumerServiceUrl).to.equal(stack.spAcsUrl);

    const login = await browser.get(location.toString());
    expect(login.url).to.match(/\/login/);
    const post = samlPostForm(await signIn(browser, login));
    expect(post.xml).to.contain(`InResponseTo="${request.id}"`);
    const home = await browser.submit(post);
    expect(home.status).to.equal(200);
    const session = JSON.parse((await browser.request('GET', `${stack.spUrl}/api/session`)).body);
    expect(session).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  });

  it('accepts the same AuthnRequest over the HTTP-POST binding and keeps RelayState', async () => {
    const browser = new HttpBrowser();
    const { request, location } = await spRedirect(browser);
    const xml = decodeRedirect(location.searchParams.get('SAMLRequest') ?? '');
    const login = await browser.navigate('POST', `${stack.idpUrl}/saml2/${stack.appName}`, {
      SAMLRequest: encodePost(xml),
      RelayState: '/dashboard',
    });
    const post = samlPostForm(await signIn(browser, login));
    expect(post.fields.RelayState).to.equal('/dashboard');
    expect(post.xml).to.contain(`InResponseTo="${request.id}"`);
    const home = await browser.submit(post);
    expect(home.status).to.equal(200);
    expect(new URL(home.url).pathname).to.equal('/dashboard');
  });

  it('reuses the IdP session for a second sign-in without asking for the password again', async () => {
    const browser = new HttpBrowser();
    const first = await spRedirect(browser);
    await browser.submit(samlPostForm(await signIn(browser, await browser.get(first.location.toString()))));
    await browser.request('GET', `${stack.spUrl}/index/logout`);

    const second = await spRedirect(browser);
    const answer = await browser.get(second.location.toString());
    const post = samlPostForm(answer);
    expect(post.xml).to.contain(`InResponseTo="${second.request.id}"`);
    expect((await browser.submit(post)).status).to.equal(200);
  });

  it('asks for the password again when the AuthnRequest says ForceAuthn, even with a session', async () => {
    const browser = new HttpBrowser();
    const first = await spRedirect(browser);
    await browser.submit(samlPostForm(await signIn(browser, await browser.get(first.location.toString()))));

    const forced = idpSsoUrlWith({ forceAuthn: true });
    const firstInstant = authnInstant(samlPostForm(await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`)).xml);
    stack.idpClock.advance(1100); // AuthnInstant has whole seconds (saml-core §1.3.3)
    const page = await browser.get(forced.url);
    expect(page.url).to.match(/\/login/);
    expect(readPasswordField(page)).to.equal(true);
    const post = samlPostForm(await signIn(browser, page));
    expect(authnInstant(post.xml)).to.be.greaterThan(firstInstant);
    expect(post.xml).to.contain(`InResponseTo="${/ID="([^"]+)"/.exec(forced.xml)?.[1]}"`);
  });

  it('answers IsPassive without a session with a NoPassive status, not a login page', async () => {
    const browser = new HttpBrowser();
    const page = await browser.get(idpSsoUrlWith({ isPassive: true }).url);
    const post = samlPostForm(page);
    expect(post.xml).to.contain('urn:oasis:names:tc:SAML:2.0:status:NoPassive');
    expect(post.xml).to.not.contain('Assertion');
  });

  it('sends RequestDenied to the SP for a user outside every bound group, and the SP refuses the sign-in', async () => {
    const nogroup = await userOutsideEveryGroup(stack, 'nogroup');
    const browser = new HttpBrowser();
    const { location } = await spRedirect(browser);
    const login = await browser.get(location.toString());
    const post = samlPostForm(
      await browser.submit(
        onlyForm(login, (f) => 'password' in f.fields),
        loginValues(nogroup.username, nogroup.password),
      ),
    );
    expect(post.xml).to.contain('urn:oasis:names:tc:SAML:2.0:status:RequestDenied');
    const refused = await browser.submit(post);
    expect(refused.status).to.equal(403);
    expect((await browser.request('GET', `${stack.spUrl}/api/session`)).status).to.equal(401);
  });

  it('signs out at the SP and lands on the remote sign-out URL', async () => {
    const browser = new HttpBrowser();
    const { location } = await spRedirect(browser);
    await browser.submit(samlPostForm(await signIn(browser, await browser.get(location.toString()))));
    const out = await browser.request('GET', `${stack.spUrl}/index/logout`);
    expect(out.status).to.be.oneOf([302, 303]);
    expect(out.headers.get('location')).to.equal(`${stack.idpUrl}/userconsole/`);
    expect((await browser.request('GET', `${stack.spUrl}/api/session`)).status).to.equal(401);
  });
});

/** saml-core §2.7.2: when the user authenticated, per the Response. */
function authnInstant(xml: string): number {
  return Date.parse(/AuthnInstant="([^"]+)"/.exec(xml)?.[1] ?? '');
}

function readPasswordField(page: Page): boolean {
  return /<input[^>]*name="password"/.test(page.body);
}
