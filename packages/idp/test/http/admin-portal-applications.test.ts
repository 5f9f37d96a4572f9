// The admin portal's application pages: TalentLMS from the catalog to a member's Response, bookmarks,
// deletion, and the Directory Insights that flow leaves behind.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { csrfOf, submit, submitPairs, submitRefused } from '../helpers/admin.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { attributes } from '../helpers/saml.js';

const PASSWORD = 'learner-password';

describe('admin portal: applications', () => {
  const p = suiteFixture(() => startPortal());

  describe('TalentLMS from the catalog to a signed-in member', () => {
    // The tests follow the admin's steps in order, and each one first reaches the state it needs:
    // in a full run the earlier tests have made it already; run alone (--grep), it is made here.
    const ACADEMY_SSO: [string, string][] = [
      ['spEntityId', 'academy.test'],
      ['acsUrls', 'http://sp.test/acs\nhttp://sp.test/acs-2'],
      ['defaultRelayState', 'http://sp.test/dashboard'],
      ['nameIdSource', 'email'],
      ['signing', 'assertion'],
      ['signatureAlgorithm', 'rsa-sha512'],
      ['attrName', 'Username'],
      ['attrSource', 'username'],
      ['attrValue', ''],
      ['attrName', 'FirstName'],
      ['attrSource', 'firstName'],
      ['attrValue', ''],
      ['attrName', 'LastName'],
      ['attrSource', 'lastName'],
      ['attrValue', ''],
      ['attrRemove', '2'],
      ['attrName', 'mail'],
      ['attrSource', 'email'],
      ['attrValue', ''],
      ['attrName', 'Department'],
      ['attrSource', 'constant'],
      ['attrValue', 'Training'],
      ['includeGroupAttribute', 'true'],
      ['groupAttribute', 'memberOf'],
    ];
    const createAcademy = () =>
      p.createFromCatalog('talentlms', { displayLabel: 'TalentLMS Academy', description: 'Courses', icon: 'book', showInConsole: 'true' });
    const saveAcademySso = async (appId: string) => {
      const app = await p.appByName('talentlms-academy');
      return submitPairs(p.admin, `/admin/applications/${appId}/sso`, [...ACADEMY_SSO, ['nameIdFormat', app?.nameIdFormat ?? '']], p.csrf);
    };
    /** The TalentLMS Academy application, created from the catalog when it is not there yet. */
    async function academyId(): Promise<string> {
      const existing = await p.appByName('talentlms-academy');
      if (existing) return existing.id;
      await createAcademy();
      return (await p.appByName('talentlms-academy'))?.id ?? '';
    }
    /** …with its SSO tab saved. */
    async function configuredAcademyId(): Promise<string> {
      const id = await academyId();
      if ((await p.appByName('talentlms-academy'))?.spEntityId !== 'academy.test') await saveAcademySso(id);
      return id;
    }
    /** The Academy Learners group (member ada.learner; olly.outsider exists outside it), bound to the configured application. */
    async function learnersGroupId(): Promise<string> {
      const appId = await configuredAcademyId();
      const directory = p.h.idp.services.directory;
      const existing = await directory.findGroupByName('Academy Learners');
      if (existing) return existing.id;
      const group = await directory.createGroup({ name: 'Academy Learners', description: 'Learners' });
      const ada = await directory.createUser({
        username: 'ada.learner',
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Learner',
        password: PASSWORD,
      });
      await directory.createUser({ username: 'olly.outsider', email: 'olly@example.com', password: PASSWORD });
      await directory.addMember(group.id, ada.id);
      await directory.bindGroup(appId, group.id);
      return group.id;
    }

    it('finds TalentLMS by searching the catalog', async () => {
      const page = await (await p.admin.get('/admin/applications/new?q=talent')).text();
      expect(page).to.contain('href="/admin/applications/new/talentlms"');
      expect(page).not.to.contain('href="/admin/applications/new/custom-saml"');
    });

    it('creates the application (SSO IdP URL derived from the label) and offers Configure Application / Close', async () => {
      const location = await createAcademy();
      const app = await p.appByName('talentlms-academy');
      expect(app).to.include({ displayLabel: 'TalentLMS Academy', kind: 'saml', spEntityId: 'YOURDOMAIN.talentlms.com' });
      const appId = app?.id ?? '';
      expect(location).to.equal(`/admin/applications/${appId}/created`);
      const page = await (await p.admin.get(location)).text();
      expect(page).to.contain('Configure Application').and.contain('Close').and.contain(`${p.h.url}/saml2/talentlms-academy`);
    });

    it('refuses to save the SSO tab while YOURDOMAIN/SUBDOMAIN remain, naming each field by its label', async () => {
      const appId = await academyId();
      const app = await p.appByName('talentlms-academy');
      const { status, page } = await submitRefused(
        p.admin,
        `/admin/applications/${appId}/sso`,
        {
          spEntityId: app?.spEntityId ?? '',
          acsUrls: app?.acsUrls.join('\n') ?? '',
          nameIdSource: 'username',
          nameIdFormat: app?.nameIdFormat ?? '',
          signing: 'both',
          signatureAlgorithm: 'rsa-sha256',
        },
        p.csrf,
      );
      expect(status).to.equal(400);
      const text = unescapeHtml(page);
      expect(text).to.contain('Replace YOURDOMAIN and SUBDOMAIN');
      expect(text)
        .to.contain('SP Entity ID: still holds a YOURDOMAIN or SUBDOMAIN placeholder')
        .and.contain('ACS URL 1: still holds a YOURDOMAIN or SUBDOMAIN placeholder');
      expect((await p.appByName('talentlms-academy'))?.spEntityId).to.equal('YOURDOMAIN.talentlms.com');
    });

    it('answers the SSO URL of a not yet configured application with a clear page', async () => {
      await academyId();
      const res = await p.h.client().get('/saml2/talentlms-academy');
      expect(res.status).to.equal(409);
      expect(await res.text()).to.contain('application_not_configured');
    });

    it('saves the SSO tab: entity ID, ACS URLs, renamed / removed / constant attributes, group attribute', async () => {
      const { page } = await saveAcademySso(await academyId());
      expect(page).to.contain('SSO settings of TalentLMS Academy were saved.');
      const saved = await p.appByName('talentlms-academy');
      expect(saved).to.include({
        spEntityId: 'academy.test',
        signing: 'assertion',
        signatureAlgorithm: 'rsa-sha512',
        groupAttribute: 'memberOf',
      });
      expect(saved?.attributes.map((a) => a.name)).to.deep.equal(['Username', 'FirstName', 'mail', 'Department']);
    });

    it('creates a group and a user, adds the member, and binds the group from the User Groups tab', async () => {
      const appId = await configuredAcademyId();
      let r = await submit(p.admin, '/admin/groups', { name: 'Academy Learners', description: 'Learners' }, p.csrf);
      expect(r.page).to.contain('Group Academy Learners was created.');
      const groupId = r.location.split('/').pop() ?? '';
      r = await submit(
        p.admin,
        '/admin/users',
        { username: 'ada.learner', email: 'ada@example.com', firstName: 'Ada', lastName: 'Learner', password: PASSWORD },
        p.csrf,
      );
      expect(r.page).to.contain('User ada.learner was created.');
      await submit(p.admin, '/admin/users', { username: 'olly.outsider', email: 'olly@example.com', password: PASSWORD }, p.csrf);
      r = await submit(p.admin, `/admin/groups/${groupId}/members`, { login: 'ada@example.com' }, p.csrf);
      expect(r.page).to.contain('ada.learner was added to the group.');
      const tab = await (await p.admin.get(`/admin/applications/${appId}/groups`)).text();
      expect(tab).to.contain(`name="groupIds" value="${groupId}"`);
      r = await submitPairs(
        p.admin,
        `/admin/applications/${appId}/groups`,
        [
          ['groupIds', groupId],
          ['submitted', '1'],
        ],
        p.csrf,
      );
      expect(r.page).to.contain('User groups saved: 1 bound.');
      expect(r.page).to.match(new RegExp(`value="${groupId}" checked`));
    });

    it('lets the member launch the tile and get a Response with the mapped attributes', async () => {
      await learnersGroupId();
      const ada = await p.userClient('ada.learner');
      const console = await (await ada.get('/userconsole/')).text();
      expect(console).to.contain('href="/saml2/talentlms-academy"').and.contain('TalentLMS Academy');
      const { xml } = await p.launch(ada, 'talentlms-academy');
      expect(xml).to.be.a('string');
      expect(attributes(xml ?? '')).to.deep.equal({
        Username: ['ada.learner'],
        FirstName: ['Ada'],
        mail: ['ada@example.com'],
        Department: ['Training'],
        memberOf: ['Academy Learners'],
      });
      expect(xml).to.contain('ada@example.com</saml:NameID>');
    });

    it('shows a non-member no tile and refuses them at the SSO URL', async () => {
      await learnersGroupId();
      const olly = await p.userClient('olly.outsider');
      const console = await (await olly.get('/userconsole/')).text();
      expect(console).not.to.contain('talentlms-academy');
      const res = await p.launch(olly, 'talentlms-academy');
      expect(res.status).to.equal(403);
      expect(res.xml).to.equal(undefined);
      expect(res.body).to.contain('access_denied');
    });

    it('refuses to change the SSO IdP URL after creation, saying to delete and recreate', async () => {
      const appId = await academyId();
      const { page } = await submit(
        p.admin,
        `/admin/applications/${appId}/general`,
        { displayLabel: 'TalentLMS Academy', name: 'other' },
        p.csrf,
      );
      expect(unescapeHtml(page)).to.contain(
        "The SSO IdP URL can't be changed after the application is created: delete the application and create it again.",
      );
      expect((await p.h.idp.services.directory.findApplication(appId))?.name).to.equal('talentlms-academy');
    });

    it('shows the certificate panel and the TalentLMS copy-paste card', async () => {
      const appId = await configuredAcademyId();
      const page = unescapeHtml(await (await p.admin.get(`/admin/applications/${appId}/sso`)).text());
      const { sha1, sha256 } = p.h.idp.signing.fingerprints;
      expect(page).to.contain(`<code id="sha1">${sha1}</code>`).and.contain(`<code id="sha256">${sha256}</code>`);
      expect(page).to.contain(`IDP Certificate Valid until ${p.h.idp.signing.notAfter.toISOString().slice(0, 10)}`);
      expect(page).to.contain('href="/saml2/talentlms-academy/certificate.pem"');
      const card = (field: string) => new RegExp(`data-field="${field}">([^<]*)<`).exec(page)?.[1];
      expect(card('idp-entity-id')).to.equal(`${p.h.url}/saml2/talentlms-academy`);
      expect(card('fingerprint')).to.equal(sha1);
      expect(card('sign-in-url')).to.equal(`${p.h.url}/saml2/talentlms-academy`);
      expect(card('sign-out-url')).to.equal(`${p.h.url}/userconsole/`);
      expect([card('targeted-id'), card('first-name'), card('email')]).to.deep.equal(['Username', 'FirstName', 'mail']);
      const pem = await p.h.client().get('/saml2/talentlms-academy/certificate.pem');
      expect(pem.headers.get('content-disposition')).to.contain('certificate.pem');
    });

    it('deactivates SSO (deactivated page), then activates it again', async () => {
      const appId = await configuredAcademyId();
      await learnersGroupId();
      let r = await submit(p.admin, `/admin/applications/${appId}/deactivate`, { confirm: 'yes' }, p.csrf);
      expect(r.page).to.contain('SSO deactivated for TalentLMS Academy.');
      const ada = await p.userClient('ada.learner');
      const off = await p.launch(ada, 'talentlms-academy');
      expect(off.status).to.equal(403);
      expect(off.body).to.contain('application_deactivated').and.contain('is deactivated');
      expect(await (await ada.get('/userconsole/')).text()).not.to.contain('talentlms-academy');
      r = await submit(p.admin, `/admin/applications/${appId}/activate`, {}, p.csrf);
      expect(r.page).to.contain('SSO activated for TalentLMS Academy.');
      expect((await p.launch(ada, 'talentlms-academy')).xml).to.be.a('string');
    });

    it('hides a tile from the console but keeps the application launchable', async () => {
      const appId = await configuredAcademyId();
      await learnersGroupId();
      await submit(p.admin, `/admin/applications/${appId}/general`, { displayLabel: 'TalentLMS Academy' }, p.csrf);
      expect((await p.h.idp.services.directory.findApplication(appId))?.showInConsole).to.equal(false);
      const ada = await p.userClient('ada.learner');
      expect(await (await ada.get('/userconsole/')).text()).not.to.contain('talentlms-academy');
      expect((await p.launch(ada, 'talentlms-academy')).xml).to.be.a('string');
      await submit(p.admin, `/admin/applications/${appId}/general`, { displayLabel: 'TalentLMS Academy', showInConsole: 'true' }, p.csrf);
    });

    it('shows a bookmark tile linking to its URL, bound from the group panel', async () => {
      const groupId = await learnersGroupId();
      const appId = await academyId();
      await p.createFromCatalog('talentlms-bookmark', {
        displayLabel: 'Academy Login',
        bookmarkUrl: 'http://sp.test/index/ssologin/service:saml',
        showInConsole: 'true',
      });
      const bookmark = await p.appByName('academy-login');
      expect(bookmark).to.include({ kind: 'bookmark', bookmarkUrl: 'http://sp.test/index/ssologin/service:saml' });
      const r = await submitPairs(
        p.admin,
        `/admin/groups/${groupId}/applications`,
        [
          ['applicationIds', appId],
          ['applicationIds', bookmark?.id ?? ''],
          ['submitted', '1'],
        ],
        p.csrf,
      );
      expect(r.page).to.contain('Applications saved: 2 bound.');
      const ada = await p.userClient('ada.learner');
      expect(await (await ada.get('/userconsole/')).text()).to.contain('href="http://sp.test/index/ssologin/service:saml"');
      expect((await ada.get('/saml2/academy-login')).status).to.equal(404);
    });

    it('deletes applications only after the right count is typed, removing their bindings', async () => {
      const groupId = await learnersGroupId();
      const appId = await academyId();
      if (!(await p.appByName('academy-login'))) {
        await p.createFromCatalog('talentlms-bookmark', {
          displayLabel: 'Academy Login',
          bookmarkUrl: 'http://sp.test/',
          showInConsole: 'true',
        });
      }
      const bookmark = await p.appByName('academy-login');
      const pairs: [string, string][] = [
        ['ids', appId],
        ['ids', bookmark?.id ?? ''],
      ];
      let r = await submitPairs(p.admin, '/admin/applications/delete', [...pairs, ['count', '1']], p.csrf);
      expect(r.page).to.contain('Enter the number of the applications you are deleting (2) to confirm.');
      expect(await p.appByName('talentlms-academy')).to.not.equal(undefined);
      r = await submitPairs(p.admin, '/admin/applications/delete', [...pairs, ['count', '2']], p.csrf);
      expect(r.page).to.contain('Deleted 2 applications.');
      expect(await p.appByName('talentlms-academy')).to.equal(undefined);
      expect(await p.h.idp.store.applications.listBoundApplicationIds(groupId)).to.deep.equal([]);
    });
  });

  describe('Directory Insights', () => {
    it('lists Directory Insights events with filters and paging', async () => {
      // An SSO refusal and an admin portal POST to list.
      await p.createFromCatalog('talentlms-bookmark', {
        displayLabel: 'Insights Bookmark',
        bookmarkUrl: 'http://sp.test/',
        showInConsole: 'true',
      });
      await p.h.idp.services.directory.createUser({ username: 'ivy.insights', email: 'ivy@example.com', password: PASSWORD });
      expect((await p.launch(await p.userClient('ivy.insights'), 'talentlms')).status).to.equal(403);
      const page = await (await p.admin.get('/admin/insights?type=sso_auth&success=false')).text();
      expect(page).to.contain('access_denied').and.not.contain('<td data-label="Type">admin_portal</td>');
      const portal = await (await p.admin.get('/admin/insights?type=admin_portal&user=&application=')).text();
      expect(portal).to.contain('admin:admin@example.com').and.contain('POST /admin/applications');
      const bad = await (await p.admin.get('/admin/insights?from=yesterday')).text();
      expect(bad).to.contain('from must be an ISO 8601 date-time');
      expect(await csrfOf(p.admin, '/admin/insights')).to.equal(p.csrf);
    });
  });
});
