// The manual import list (Identity Management "Importing Users"): each New user's checkbox is labelled by its
// username, "Import all new users on this page" works without JavaScript, and the result names who was imported
// and says what to do next (a bound group, a password).
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submitPairs } from '../helpers/admin.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { startFakeScim } from './fake-scim.js';

describe('admin portal: the manual import list', function () {
  this.timeout(20000);
  const scim = suiteFixture(() => startFakeScim());
  const p = suiteFixture(() => startPortal());
  const tab = () => `/admin/applications/${p.demoApp.id}/identity-management`;
  before(() => p.h.idp.provisioning.idm.activate(p.demoApp.id, { baseUrl: scim.url, token: scim.token }, 'test'));

  function lmsUser(id: string, userName: string) {
    scim.users.set(id, {
      id,
      userName,
      name: { givenName: 'Lms', familyName: userName },
      emails: [{ value: `${userName}@example.com`, primary: true }],
    });
  }

  it('labels each New user’s checkbox with a <label> naming the user', async () => {
    lmsUser('601', 'label.one');
    const page = await (await p.admin.get(`${tab()}/import?newOnly=true`)).text();
    expect(page).to.contain('<input type="checkbox" id="import-601" name="ids" value="601" aria-label="Import label.one">');
    expect(page).to.contain('<label class="inline" for="import-601">label.one</label>');
  });

  it('offers "Import all new users on this page" with their count, and imports every one of them without JavaScript', async () => {
    lmsUser('611', 'all.one');
    lmsUser('612', 'all.two');
    const list = await (await p.admin.get(`${tab()}/import?newOnly=true`)).text();
    const newCount = (list.match(/name="pageIds"/g) ?? []).length;
    expect(newCount).to.be.at.least(2);
    expect(list).to.contain(`Import all new users on this page (${newCount})`);
    const pageIds = [...list.matchAll(/name="pageIds" value="([^"]+)"/g)].map((m) => ['pageIds', m[1] as string] as [string, string]);
    const { page } = await submitPairs(p.admin, `${tab()}/import`, [['all', 'page'], ...pageIds], p.csrf);
    expect(page).to.contain(`${newCount} imported, 0 failed.`);
    expect(await p.h.idp.services.directory.findUserByUsername('all.one')).to.include({ email: 'all.one@example.com' });
    expect(await p.h.idp.services.directory.findUserByUsername('all.two')).to.include({ email: 'all.two@example.com' });
  });

  it('names the users imported and points to the bound group and to setting a password', async () => {
    lmsUser('621', 'named.one');
    const { page } = await submitPairs(p.admin, `${tab()}/import`, [['ids', '621']], p.csrf);
    const text = unescapeHtml(page);
    expect(text).to.contain('1 imported, 0 failed. Imported: named.one.');
    expect(text).to.contain('add them to the group bound to TalentLMS (TalentLMS Users) in Groups');
    expect(text).to.contain('they have no password here yet: create their invitation links below');
  });

  it('offers, after an import, one button creating an invitation link for each user just imported', async () => {
    lmsUser('631', 'invite.one');
    lmsUser('632', 'invite.two');
    const { page } = await submitPairs(
      p.admin,
      `${tab()}/import`,
      [
        ['ids', '631'],
        ['ids', '632'],
      ],
      p.csrf,
    );
    expect(page).to.contain('id="invite-imported"');
    expect(page).to.contain('Create invitation links for 2 users');
    const userIds = [...page.matchAll(/name="userIds" value="([^"]+)"/g)].map((m) => ['userIds', m[1] as string] as [string, string]);
    const { location, page: links } = await submitPairs(p.admin, '/admin/invitations', userIds, p.csrf);
    expect(location).to.equal('/admin/invitations/created');
    expect(links).to.contain('data-user="invite.one"');
    expect(links).to.contain('data-user="invite.two"');
    expect((links.match(/data-invitation-url>/g) ?? []).length).to.equal(2);
    // Used: the tab no longer offers the button for them.
    expect(await (await p.admin.get(tab())).text()).to.not.contain('id="invite-imported"');
  });
});
