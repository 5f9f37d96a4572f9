// Destructive portal actions need a confirmation that says what they do (a required checkbox, so it works
// without JavaScript): Deactivate SSO, Suspend user, Deactivate IdM connection, Delete integration.
// Without the box ticked the server refuses and changes nothing.

import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submit } from '../helpers/admin.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { startFakeScim } from '../provisioning/fake-scim.js';

const REFUSED = 'Tick the confirmation box to go ahead.';

describe('admin portal: confirmation of destructive actions', function () {
  this.timeout(20000);
  const scim = suiteFixture(() => startFakeScim());
  const p = suiteFixture(() => startPortal());

  /** The IdM integration active (whatever an earlier test did), so each test also runs alone. */
  async function idmActive(): Promise<string> {
    const view = await p.h.idp.provisioning.idm.get(p.demoApp.id);
    if (!view.configured) await p.h.idp.provisioning.idm.activate(p.demoApp.id, { baseUrl: scim.url, token: scim.token }, 'test');
    else if (!view.active) await p.h.idp.provisioning.idm.reauth(p.demoApp.id, {}, 'test');
    return `/admin/applications/${p.demoApp.id}/identity-management`;
  }

  /** A fresh active user for the suspend tests. */
  async function newUser(username: string): Promise<string> {
    const user = await p.h.idp.services.directory.createUser({
      username,
      email: `${username}@example.com`,
      firstName: 'Confirm',
      lastName: 'Test',
      password: 'confirm-password-1',
    });
    return user.id;
  }

  it('shows Deactivate SSO with a required box that says nobody can sign in until it is activated again', async () => {
    await p.h.idp.services.directory.setApplicationActive(p.demoApp.id, true);
    const page = unescapeHtml(await (await p.admin.get(`/admin/applications/${p.demoApp.id}/sso`)).text());
    expect(page).to.match(/<input type="checkbox" id="confirm-deactivate" name="confirm" value="yes" required>/);
    expect(page).to.contain('nobody can sign in to TalentLMS through this IdP');
  });

  it('refuses Deactivate SSO without the confirmation and keeps SSO active', async () => {
    await p.h.idp.services.directory.setApplicationActive(p.demoApp.id, true);
    const { page } = await submit(p.admin, `/admin/applications/${p.demoApp.id}/deactivate`, {}, p.csrf);
    expect(page).to.contain(REFUSED);
    expect((await p.h.idp.services.directory.getApplication(p.demoApp.id)).ssoActive).to.equal(true);
  });

  it('deactivates SSO once confirmed', async () => {
    await p.h.idp.services.directory.setApplicationActive(p.demoApp.id, true);
    const { page } = await submit(p.admin, `/admin/applications/${p.demoApp.id}/deactivate`, { confirm: 'yes' }, p.csrf);
    expect(page).to.contain('SSO deactivated for TalentLMS.');
    expect((await p.h.idp.services.directory.getApplication(p.demoApp.id)).ssoActive).to.equal(false);
    await p.h.idp.services.directory.setApplicationActive(p.demoApp.id, true);
  });

  it('refuses Suspend user without the confirmation, and suspends once confirmed', async () => {
    const id = await newUser('confirm.suspend');
    const form = unescapeHtml(await (await p.admin.get(`/admin/users/${id}`)).text());
    expect(form).to.contain('confirm.suspend can no longer sign in here or launch any application');
    let r = await submit(p.admin, `/admin/users/${id}/suspend`, {}, p.csrf);
    expect(r.page).to.contain(REFUSED);
    expect((await p.h.idp.services.directory.getUser(id)).status).to.equal('active');
    r = await submit(p.admin, `/admin/users/${id}/suspend`, { confirm: 'yes' }, p.csrf);
    expect(r.page).to.contain('User confirm.suspend is suspended.');
    expect((await p.h.idp.services.directory.getUser(id)).status).to.equal('suspended');
  });

  it('activates a suspended user without a confirmation (not destructive)', async () => {
    const id = await newUser('confirm.activate');
    await p.h.idp.services.directory.setUserStatus(id, 'suspended');
    const { page } = await submit(p.admin, `/admin/users/${id}/activate`, {}, p.csrf);
    expect(page).to.contain('User confirm.activate is active again.');
  });

  it('tells Deactivate IdM connection (outlined, keeps settings) and Delete integration (solid red, removes them) apart', async () => {
    const tab = await idmActive();
    const page = unescapeHtml(await (await p.admin.get(tab)).text());
    expect(page).to.match(/<button type="submit" class="warning">Deactivate IdM connection<\/button>/);
    expect(page).to.match(/<button type="submit" class="danger">Delete integration<\/button>/);
    expect(page).to.contain('changes here are no longer sent to TalentLMS');
    expect(page).to.contain('the Base URL, the stored Token Key and the links between users');
  });

  it('refuses Deactivate IdM connection without the confirmation and keeps provisioning active', async () => {
    const tab = await idmActive();
    const { page } = await submit(p.admin, `${tab}/deactivate`, {}, p.csrf);
    expect(page).to.contain(REFUSED);
    expect((await p.h.idp.provisioning.idm.get(p.demoApp.id)).active).to.equal(true);
  });

  it('refuses Delete integration without the confirmation, and deletes it once confirmed', async () => {
    const tab = await idmActive();
    let r = await submit(p.admin, `${tab}/delete`, {}, p.csrf);
    expect(r.page).to.contain(REFUSED);
    expect((await p.h.idp.provisioning.idm.get(p.demoApp.id)).configured).to.equal(true);
    r = await submit(p.admin, `${tab}/delete`, { confirm: 'yes' }, p.csrf);
    expect(r.page).to.contain('The Identity Management integration was deleted.');
    expect((await p.h.idp.provisioning.idm.get(p.demoApp.id)).configured).to.equal(false);
  });
});
