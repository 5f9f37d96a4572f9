import { expect } from 'chai';
import { adminSignIn, csrfOf, submit, submitPairs } from '../helpers/admin.js';
import type { Client } from '../helpers/cookie-jar.js';
import { type Harness, signInThroughForm, startIdp } from '../helpers/harness.js';
import { inputValue, unescapeHtml } from '../helpers/html.js';
import { attributes, decodeSamlResponse } from '../helpers/saml.js';

const PASSWORD = 'learner-password';

describe('admin portal', () => {
  let h: Harness;
  let admin: Client;
  let csrf: string;
  before(async () => {
    h = await startIdp();
    admin = h.client();
    csrf = await adminSignIn(admin);
  });
  after(() => h.close());

  const appByName = (name: string) => h.idp.services.directory.findApplicationByName(name);

  /** Creates an application from the catalog through the multipart create form. */
  async function createFromCatalog(catalog: string, fields: Record<string, string>) {
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('catalog', catalog);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await admin.postMultipart('/admin/applications', form);
    expect(res.status).to.equal(303);
    return res.headers.get('location') ?? '';
  }

  async function launch(client: Client, name: string) {
    const res = await client.get(`/saml2/${name}`);
    const body = await res.text();
    const saml = inputValue(body, 'SAMLResponse');
    return { status: res.status, body, xml: saml ? decodeSamlResponse(saml) : undefined };
  }

  async function userClient(username: string, password = PASSWORD) {
    const c = h.client();
    const res = await signInThroughForm(c, '/login?next=/userconsole/', username, password);
    expect(res.status).to.equal(302);
    return c;
  }

  describe('admin sign-in', () => {
    it('sends visitors without an admin session to the admin login', async () => {
      const res = await h.client().get('/admin/applications');
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal('/admin/login?next=%2Fadmin%2Fapplications');
    });

    it('refuses a wrong password with a clear message', async () => {
      const c = h.client();
      const token = inputValue(await (await c.get('/admin/login')).text(), '_csrf') ?? '';
      const { page } = await submit(c, '/admin/login', { email: 'admin@example.com', password: 'nope-nope' }, token);
      expect(page).to.contain('The email or password is incorrect.');
      expect((await c.get('/admin/users')).status).to.equal(303);
    });

    it('refuses a form without its CSRF token (403)', async () => {
      const c = h.client();
      await c.get('/admin/login');
      const res = await c.post('/admin/login', { email: 'admin@example.com', password: 'admin-demo-password' });
      expect(res.status).to.equal(403);
      expect(await res.text()).to.contain('csrf_failed');
      expect((await admin.post('/admin/groups', { name: 'No token' })).status).to.equal(403);
    });

    it('gives the admin a new session ID at sign-in and ends it at sign-out', async () => {
      const c = h.client();
      await c.get('/admin/login');
      const before = c.cookies.get('samlbridge_idp_admin');
      const token = await adminSignIn(c);
      expect(c.cookies.get('samlbridge_idp_admin')).to.be.a('string').and.not.equal(before);
      expect((await c.post('/admin/logout', { _csrf: token })).status).to.equal(303);
      expect((await c.get('/admin/applications')).status).to.equal(303);
    });

    it('does not let a user-console session into the portal', async () => {
      const c = await userClient('demo.user', 'demo-password');
      expect((await c.get('/admin/applications')).status).to.equal(303);
    });
  });

  describe('TalentLMS from the catalog to a signed-in member', () => {
    let appId: string;
    let groupId: string;

    it('finds TalentLMS by searching the catalog', async () => {
      const page = await (await admin.get('/admin/applications/new?q=talent')).text();
      expect(page).to.contain('href="/admin/applications/new/talentlms"');
      expect(page).not.to.contain('href="/admin/applications/new/custom-saml"');
    });

    it('creates the application (SSO IdP URL derived from the label) and offers Configure Application / Close', async () => {
      const location = await createFromCatalog('talentlms', {
        displayLabel: 'TalentLMS Academy',
        description: 'Courses',
        icon: 'book',
        showInConsole: 'true',
      });
      const app = await appByName('talentlms-academy');
      expect(app).to.include({ displayLabel: 'TalentLMS Academy', kind: 'saml', spEntityId: 'https://YOURDOMAIN.talentlms.com' });
      appId = app?.id ?? '';
      expect(location).to.equal(`/admin/applications/${appId}/created`);
      const page = await (await admin.get(location)).text();
      expect(page).to.contain('Configure Application').and.contain('Close').and.contain(`${h.url}/saml2/talentlms-academy`);
    });

    it('refuses to save the SSO tab while YOURDOMAIN/SUBDOMAIN remain, naming each field', async () => {
      const app = await appByName('talentlms-academy');
      const { page } = await submit(
        admin,
        `/admin/applications/${appId}/sso`,
        {
          spEntityId: app?.spEntityId ?? '',
          acsUrls: app?.acsUrls.join('\n') ?? '',
          nameIdSource: 'username',
          nameIdFormat: app?.nameIdFormat ?? '',
          signing: 'both',
          signatureAlgorithm: 'rsa-sha256',
        },
        csrf,
      );
      const text = unescapeHtml(page);
      expect(text).to.contain('Replace YOURDOMAIN and SUBDOMAIN').and.contain('spEntityId, acsUrls[0]');
      expect((await appByName('talentlms-academy'))?.spEntityId).to.equal('https://YOURDOMAIN.talentlms.com');
    });

    it('answers the SSO URL of a not yet configured application with a clear page', async () => {
      const res = await h.client().get('/saml2/talentlms-academy');
      expect(res.status).to.equal(409);
      expect(await res.text()).to.contain('application_not_configured');
    });

    it('saves the SSO tab: entity ID, ACS URLs, renamed / removed / constant attributes, group attribute', async () => {
      const app = await appByName('talentlms-academy');
      const { page } = await submitPairs(
        admin,
        `/admin/applications/${appId}/sso`,
        [
          ['spEntityId', 'academy.test'],
          ['acsUrls', 'http://sp.test/acs\nhttp://sp.test/acs-2'],
          ['defaultRelayState', 'http://sp.test/dashboard'],
          ['nameIdSource', 'email'],
          ['nameIdFormat', app?.nameIdFormat ?? ''],
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
        ],
        csrf,
      );
      expect(page).to.contain('SSO settings of TalentLMS Academy were saved.');
      const saved = await appByName('talentlms-academy');
      expect(saved).to.include({
        spEntityId: 'academy.test',
        signing: 'assertion',
        signatureAlgorithm: 'rsa-sha512',
        groupAttribute: 'memberOf',
      });
      expect(saved?.attributes.map((a) => a.name)).to.deep.equal(['Username', 'FirstName', 'mail', 'Department']);
    });

    it('creates a group and a user, adds the member, and binds the group from the User Groups tab', async () => {
      let r = await submit(admin, '/admin/groups', { name: 'Academy Learners', description: 'Learners' }, csrf);
      expect(r.page).to.contain('Group Academy Learners was created.');
      groupId = r.location.split('/').pop() ?? '';
      r = await submit(
        admin,
        '/admin/users',
        { username: 'ada.learner', email: 'ada@example.com', firstName: 'Ada', lastName: 'Learner', password: PASSWORD },
        csrf,
      );
      expect(r.page).to.contain('User ada.learner was created.');
      await submit(admin, '/admin/users', { username: 'olly.outsider', email: 'olly@example.com', password: PASSWORD }, csrf);
      const ada = await h.idp.services.directory.findUserByUsername('ada.learner');
      r = await submit(admin, `/admin/groups/${groupId}/members`, { userId: ada?.id ?? '' }, csrf);
      expect(r.page).to.contain('ada.learner was added to the group.');
      const tab = await (await admin.get(`/admin/applications/${appId}/groups`)).text();
      expect(tab).to.contain(`name="groupIds" value="${groupId}"`);
      r = await submitPairs(
        admin,
        `/admin/applications/${appId}/groups`,
        [
          ['groupIds', groupId],
          ['submitted', '1'],
        ],
        csrf,
      );
      expect(r.page).to.contain('User groups saved: 1 bound.');
      expect(r.page).to.match(new RegExp(`value="${groupId}" checked`));
    });

    it('lets the member launch the tile and get a Response with the mapped attributes', async () => {
      const ada = await userClient('ada.learner');
      const console = await (await ada.get('/userconsole/')).text();
      expect(console).to.contain('href="/saml2/talentlms-academy"').and.contain('TalentLMS Academy');
      const { xml } = await launch(ada, 'talentlms-academy');
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
      const olly = await userClient('olly.outsider');
      const console = await (await olly.get('/userconsole/')).text();
      expect(console).not.to.contain('talentlms-academy');
      const res = await launch(olly, 'talentlms-academy');
      expect(res.status).to.equal(403);
      expect(res.xml).to.equal(undefined);
      expect(res.body).to.contain('access_denied');
    });

    it('refuses to change the SSO IdP URL after creation, saying to delete and recreate', async () => {
      const { page } = await submit(
        admin,
        `/admin/applications/${appId}/general`,
        { displayLabel: 'TalentLMS Academy', name: 'other' },
        csrf,
      );
      expect(unescapeHtml(page)).to.contain(
        "The SSO IdP URL can't be changed after the application is created: delete the application and create it again.",
      );
      expect((await h.idp.services.directory.findApplication(appId))?.name).to.equal('talentlms-academy');
    });

    it('shows the certificate panel and the TalentLMS copy-paste card', async () => {
      const page = unescapeHtml(await (await admin.get(`/admin/applications/${appId}/sso`)).text());
      const { sha1, sha256 } = h.idp.signing.fingerprints;
      expect(page).to.contain(`<code id="sha1">${sha1}</code>`).and.contain(`<code id="sha256">${sha256}</code>`);
      expect(page).to.contain(`IDP Certificate Valid until ${h.idp.signing.notAfter.toISOString().slice(0, 10)}`);
      expect(page).to.contain('href="/saml2/talentlms-academy/certificate.pem"');
      const card = (field: string) => new RegExp(`data-field="${field}">([^<]*)<`).exec(page)?.[1];
      expect(card('idp-entity-id')).to.equal(`${h.url}/saml2/talentlms-academy`);
      expect(card('fingerprint')).to.equal(sha1);
      expect(card('sign-in-url')).to.equal(`${h.url}/saml2/talentlms-academy`);
      expect(card('sign-out-url')).to.equal(`${h.url}/userconsole/`);
      expect([card('targeted-id'), card('first-name'), card('email')]).to.deep.equal(['Username', 'FirstName', 'mail']);
      const pem = await h.client().get('/saml2/talentlms-academy/certificate.pem');
      expect(pem.headers.get('content-disposition')).to.contain('certificate.pem');
    });

    it('deactivates SSO (deactivated page), then activates it again', async () => {
      let r = await submit(admin, `/admin/applications/${appId}/deactivate`, {}, csrf);
      expect(r.page).to.contain('SSO deactivated for TalentLMS Academy.');
      const ada = await userClient('ada.learner');
      const off = await launch(ada, 'talentlms-academy');
      expect(off.status).to.equal(403);
      expect(off.body).to.contain('application_deactivated').and.contain('is deactivated');
      expect(await (await ada.get('/userconsole/')).text()).not.to.contain('talentlms-academy');
      r = await submit(admin, `/admin/applications/${appId}/activate`, {}, csrf);
      expect(r.page).to.contain('SSO activated for TalentLMS Academy.');
      expect((await launch(ada, 'talentlms-academy')).xml).to.be.a('string');
    });

    it('hides a tile from the console but keeps the application launchable', async () => {
      await submit(admin, `/admin/applications/${appId}/general`, { displayLabel: 'TalentLMS Academy' }, csrf);
      expect((await h.idp.services.directory.findApplication(appId))?.showInConsole).to.equal(false);
      const ada = await userClient('ada.learner');
      expect(await (await ada.get('/userconsole/')).text()).not.to.contain('talentlms-academy');
      expect((await launch(ada, 'talentlms-academy')).xml).to.be.a('string');
      await submit(admin, `/admin/applications/${appId}/general`, { displayLabel: 'TalentLMS Academy', showInConsole: 'true' }, csrf);
    });

    it('shows a bookmark tile linking to its URL, bound from the group panel', async () => {
      await createFromCatalog('talentlms-bookmark', {
        displayLabel: 'Academy Login',
        bookmarkUrl: 'http://sp.test/index/ssologin/service:saml',
        showInConsole: 'true',
      });
      const bookmark = await appByName('academy-login');
      expect(bookmark).to.include({ kind: 'bookmark', bookmarkUrl: 'http://sp.test/index/ssologin/service:saml' });
      const r = await submitPairs(
        admin,
        `/admin/groups/${groupId}/applications`,
        [
          ['applicationIds', appId],
          ['applicationIds', bookmark?.id ?? ''],
          ['submitted', '1'],
        ],
        csrf,
      );
      expect(r.page).to.contain('Applications saved: 2 bound.');
      const ada = await userClient('ada.learner');
      expect(await (await ada.get('/userconsole/')).text()).to.contain('href="http://sp.test/index/ssologin/service:saml"');
      expect((await ada.get('/saml2/academy-login')).status).to.equal(404);
    });

    it('deletes applications only after the right count is typed, removing their bindings', async () => {
      const bookmark = await appByName('academy-login');
      const pairs: [string, string][] = [
        ['ids', appId],
        ['ids', bookmark?.id ?? ''],
      ];
      let r = await submitPairs(admin, '/admin/applications/delete', [...pairs, ['count', '1']], csrf);
      expect(r.page).to.contain('Enter the number of the applications you are deleting (2) to confirm.');
      expect(await appByName('talentlms-academy')).to.not.equal(undefined);
      r = await submitPairs(admin, '/admin/applications/delete', [...pairs, ['count', '2']], csrf);
      expect(r.page).to.contain('Deleted 2 applications.');
      expect(await appByName('talentlms-academy')).to.equal(undefined);
      expect(await h.idp.store.applications.listBoundApplicationIds(groupId)).to.deep.equal([]);
    });
  });

  describe('users and groups', () => {
    it('creates, renames, suspends, re-passwords and deletes a user, refusing case-insensitive conflicts', async () => {
      let r = await submit(admin, '/admin/users', { username: 'Jane.Doe', email: 'Jane@Example.com', password: PASSWORD }, csrf);
      const id = r.location.split('/').pop() ?? '';
      r = await submit(admin, '/admin/users', { username: 'jane.doe', email: 'other@example.com' }, csrf);
      expect(unescapeHtml(r.page)).to.contain('The username "jane.doe" is already used by another user');
      r = await submit(admin, '/admin/users', { username: 'someone', email: 'JANE@example.com' }, csrf);
      expect(unescapeHtml(r.page)).to.contain('The email "JANE@example.com" is already used by another user');
      r = await submit(
        admin,
        `/admin/users/${id}`,
        { username: 'jane.smith', email: 'jane@example.com', firstName: 'Jane', lastName: 'Smith' },
        csrf,
      );
      expect(r.page).to.contain('User jane.smith was saved.');
      r = await submit(admin, `/admin/users/${id}`, { username: 'DEMO.user', email: 'jane@example.com' }, csrf);
      expect(unescapeHtml(r.page)).to.contain('already used by another user');
      r = await submit(admin, `/admin/users/${id}/suspend`, {}, csrf);
      expect(r.page).to.contain('User jane.smith is suspended.');
      expect((await signInThroughForm(h.client(), '/login', 'jane.smith', PASSWORD)).status).to.equal(403);
      await submit(admin, `/admin/users/${id}/activate`, {}, csrf);
      r = await submit(admin, `/admin/users/${id}/password`, { password: 'short' }, csrf);
      expect(r.page).to.contain('password must be a string of 8 to 1024 characters');
      await submit(admin, `/admin/users/${id}/password`, { password: 'a-new-password' }, csrf);
      expect((await signInThroughForm(h.client(), '/login', 'jane.smith', 'a-new-password')).status).to.equal(302);
      r = await submit(admin, `/admin/users/${id}/delete`, {}, csrf);
      expect(r.page).to.contain('User jane.smith was deleted.');
      expect(await h.idp.services.directory.findUser(id)).to.equal(undefined);
    });

    it('creates, renames (conflicts refused whatever the case), lists members and deletes a group', async () => {
      let r = await submit(admin, '/admin/groups', { name: 'Editors' }, csrf);
      const id = r.location.split('/').pop() ?? '';
      r = await submit(admin, '/admin/groups', { name: 'EDITORS' }, csrf);
      expect(unescapeHtml(r.page)).to.contain('The group name "EDITORS" is already used');
      r = await submit(admin, `/admin/groups/${id}`, { name: 'talentlms users' }, csrf);
      expect(unescapeHtml(r.page)).to.contain('The group name "talentlms users" is already used');
      r = await submit(admin, `/admin/groups/${id}`, { name: 'Reviewers', description: 'Review things' }, csrf);
      expect(r.page).to.contain('Group Reviewers was saved.');
      const demo = await h.idp.services.directory.findUserByUsername('demo.user');
      await submit(admin, `/admin/groups/${id}/members`, { userId: demo?.id ?? '' }, csrf);
      expect(await (await admin.get(`/admin/groups/${id}`)).text()).to.contain(`/admin/users/${demo?.id}`);
      r = await submit(admin, `/admin/groups/${id}/members/${demo?.id}/remove`, {}, csrf);
      expect(r.page).to.contain('The user was removed from the group.');
      r = await submit(admin, `/admin/groups/${id}/delete`, {}, csrf);
      expect(r.page).to.contain('Group Reviewers was deleted.');
    });
  });

  describe('safety, images and Directory Insights', () => {
    it('escapes a display label holding markup everywhere it appears', async () => {
      const evil = '<script>alert(1)</script>';
      await createFromCatalog('custom-saml', { displayLabel: evil, name: 'evil-app', showInConsole: 'true' });
      const app = await appByName('evil-app');
      await h.idp.services.directory.updateApplication(app?.id ?? '', { spEntityId: 'evil.test', acsUrls: ['http://sp.test/acs'] });
      const group = await h.idp.services.directory.findGroupByName('TalentLMS Users');
      await h.idp.services.directory.bindGroup(app?.id ?? '', group?.id ?? '');
      const pages = [
        await (await admin.get('/admin/applications')).text(),
        await (await admin.get(`/admin/applications/${app?.id}`)).text(),
        await (await admin.get(`/admin/applications/${app?.id}/sso`)).text(),
        await (await (await userClient('demo.user', 'demo-password')).get('/userconsole/')).text(),
      ];
      for (const page of pages) {
        expect(page).not.to.contain(evil);
        expect(page).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
    });

    it('serves an uploaded PNG from the IdP and refuses a file that is not an image', async () => {
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('catalog', 'custom-saml');
      form.set('displayLabel', 'Pictured');
      form.set('upload', new Blob([png], { type: 'image/png' }), 'logo.png');
      expect((await admin.postMultipart('/admin/applications', form)).status).to.equal(303);
      const app = await appByName('pictured');
      const img = await h.client().get(`/images/applications/${app?.id}`);
      expect(img.headers.get('content-type')).to.equal('image/png');
      expect(Buffer.from(await img.arrayBuffer()).equals(png)).to.equal(true);
      const bad = new FormData();
      bad.set('_csrf', csrf);
      bad.set('catalog', 'custom-saml');
      bad.set('displayLabel', 'Not pictured');
      bad.set('upload', new Blob(['GIF89a'], { type: 'image/png' }), 'logo.png');
      const res = await admin.postMultipart('/admin/applications', bad);
      expect(res.status).to.equal(303);
      expect(await (await admin.get(res.headers.get('location') ?? '')).text()).to.contain('is not a valid PNG file');
      expect(await appByName('not-pictured')).to.equal(undefined);
    });

    it('lists Directory Insights events with filters and paging', async () => {
      const page = await (await admin.get('/admin/insights?type=sso_auth&success=false')).text();
      expect(page).to.contain('access_denied').and.not.contain('<td>admin_portal</td>');
      const portal = await (await admin.get('/admin/insights?type=admin_portal&user=&application=')).text();
      expect(portal).to.contain('admin:admin@example.com').and.contain('POST /admin/applications');
      const bad = await (await admin.get('/admin/insights?from=yesterday')).text();
      expect(bad).to.contain('from must be an ISO 8601 date-time');
      expect(await csrfOf(admin, '/admin/insights')).to.equal(csrf);
    });
  });
});
