import { expect } from 'chai';
import { userOutsideEveryGroup } from './support/demo-application.js';
import { HttpBrowser, onlyForm } from './support/http-browser.js';
import { loginValues, samlPostForm } from './support/saml-form.js';
import { signInAtIdp, stackFixture } from './support/stack-fixture.js';

describe('IdP-initiated SSO (user console tile → TalentLMS)', () => {
  const stack = stackFixture();

  it('signs the demo user in to the SP when they click the TalentLMS tile', async () => {
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/userconsole/`);
    expect(login.url).to.match(/\/login/);
    const consolePage = await signInAtIdp(stack, browser, login);
    expect(consolePage.url).to.equal(`${stack.idpUrl}/userconsole/`);
    const tile = /href="([^"]*\/saml2\/talentlms)"/.exec(consolePage.body);
    expect(tile, 'the console shows a TalentLMS tile').to.not.equal(null);

    const launch = await browser.get(new URL(tile?.[1] ?? '', stack.idpUrl).toString());
    const post = samlPostForm(launch);
    expect(post.action).to.equal(stack.spAcsUrl);
    expect(post.xml).to.not.contain('InResponseTo');

    const home = await browser.submit(post);
    expect(home.status).to.equal(200);
    expect(home.url.startsWith(stack.spUrl)).to.equal(true);
    const session = await browser.request('GET', `${stack.spUrl}/api/session`);
    expect(session.status).to.equal(200);
    expect(JSON.parse(session.body)).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  });

  it('refuses to replay the same Response a second time', async () => {
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`);
    const launch = await signInAtIdp(stack, browser, login);
    const post = samlPostForm(launch);
    const first = await browser.submit(post);
    expect(first.status).to.equal(200);
    const again = await new HttpBrowser().submit(post);
    expect(again.status).to.equal(403);
    expect(again.body).to.contain('replayed_assertion');
  });

  it('shows no tile and refuses the launch for a user outside every bound group', async () => {
    const outsider = await userOutsideEveryGroup(stack, 'outsider');

    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/userconsole/`);
    const consolePage = await browser.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      loginValues(outsider.username, outsider.password),
    );
    expect(consolePage.url).to.equal(`${stack.idpUrl}/userconsole/`);
    expect(consolePage.body).to.not.contain('/saml2/talentlms');

    const launch = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`);
    expect(launch.status).to.equal(403);
    expect(launch.body).to.not.contain('SAMLResponse');
  });
});
