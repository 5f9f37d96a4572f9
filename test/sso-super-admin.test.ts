// End to end: an IdP user whose username is the SP's Super Admin login (`admin`) launches TalentLMS from the
// user console. The SP refuses the sign-in (account_not_sso_managed) and the Super Admin keeps its profile.

import { expect } from 'chai';
import { HttpBrowser, onlyForm } from './support/http-browser.js';
import { loginValues, samlPostForm } from './support/saml-form.js';
import { stackFixture } from './support/stack-fixture.js';

describe('SSO never reaches the SP Super Admin', () => {
  const stack = stackFixture();

  it('refuses an IdP user named like the SP Super Admin with a 403 page, and the Super Admin keeps its name, email and settings access', async () => {
    const { idp, sp } = stack;
    const admin = await sp.services.users.verifyLocal('default', sp.config.adminUser, sp.config.adminPassword);
    expect(admin?.role).to.equal('superadmin');

    const twin = await idp.services.directory.createUser({
      username: sp.config.adminUser,
      email: 'mallory@example.com',
      firstName: 'Mallory',
      lastName: 'Twin',
      password: 'twin-password-1',
    });
    const group = await idp.services.directory.findGroupByName('TalentLMS Users');
    if (!group) throw new Error('the demo group bound to TalentLMS is missing');
    await idp.services.directory.addMember(group.id, twin.id);

    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`);
    const launch = await browser.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      loginValues(sp.config.adminUser, 'twin-password-1'),
    );
    const post = samlPostForm(launch);
    expect(post.action).to.equal(stack.spAcsUrl);
    const refused = await browser.submit(post);
    expect(refused.status).to.equal(403);
    expect(refused.body).to.contain('data-reason="account_not_sso_managed"');
    expect((await browser.request('GET', `${stack.spUrl}/api/session`)).status).to.equal(401);
    expect((await browser.request('GET', `${stack.spUrl}/account/users/sso`)).status).to.not.equal(200);

    const after = await sp.store.users.findByLogin('default', sp.config.adminUser);
    expect(after).to.include({ role: 'superadmin', firstName: admin?.firstName, lastName: admin?.lastName, email: admin?.email });
    const [event] = await sp.store.events.list('default', { limit: 1 });
    expect(event).to.include({ type: 'sso_login', success: false, reason: 'account_not_sso_managed', user: sp.config.adminUser });
  });
});
