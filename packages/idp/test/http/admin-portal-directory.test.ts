// The admin portal's sign-in, users and groups, and output escaping / image upload.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { adminSignIn, submit, submitRefused } from '../helpers/admin.js';
import { signInThroughForm } from '../helpers/harness.js';
import { inputValue, unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';

const PASSWORD = 'learner-password';

describe('admin portal: sign-in, users and groups', () => {
  const p = suiteFixture(() => startPortal());

  describe('admin sign-in', () => {
    it('sends visitors without an admin session to the admin login', async () => {
      const res = await p.h.client().get('/admin/applications');
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal('/admin/login?next=%2Fadmin%2Fapplications');
    });

    it('refuses a wrong password with a clear message', async () => {
      const c = p.h.client();
      const token = inputValue(await (await c.get('/admin/login')).text(), '_csrf') ?? '';
      const { page } = await submit(c, '/admin/login', { email: 'admin@example.com', password: 'nope-nope' }, token);
      expect(page).to.contain('The email or password is incorrect.');
      expect((await c.get('/admin/users')).status).to.equal(303);
    });

    it('refuses a form without its CSRF token (403)', async () => {
      const c = p.h.client();
      await c.get('/admin/login');
      const res = await c.post('/admin/login', { email: 'admin@example.com', password: 'admin-demo-password' });
      expect(res.status).to.equal(403);
      expect(await res.text()).to.contain('csrf_failed');
      expect((await p.admin.post('/admin/groups', { name: 'No token' })).status).to.equal(403);
    });

    it('gives the admin a new session ID at sign-in and ends it at sign-out', async () => {
      const c = p.h.client();
      await c.get('/admin/login');
      const before = c.cookies.get('samlbridge_idp_admin');
      const token = await adminSignIn(c);
      expect(c.cookies.get('samlbridge_idp_admin')).to.be.a('string').and.not.equal(before);
      expect((await c.post('/admin/logout', { _csrf: token })).status).to.equal(303);
      expect((await c.get('/admin/applications')).status).to.equal(303);
    });

    it('does not let a user-console session into the portal', async () => {
      const c = await p.userClient('demo.user', 'demo-password');
      expect((await c.get('/admin/applications')).status).to.equal(303);
    });
  });

  describe('users and groups', () => {
    it('creates, renames, suspends, re-passwords and deletes a user, refusing case-insensitive conflicts', async () => {
      let r = await submit(p.admin, '/admin/users', { username: 'Jane.Doe', email: 'Jane@Example.com', password: PASSWORD }, p.csrf);
      const id = r.location.split('/').pop() ?? '';
      let refused = await submitRefused(p.admin, '/admin/users', { username: 'jane.doe', email: 'other@example.com' }, p.csrf);
      expect(refused.status).to.equal(409);
      expect(unescapeHtml(refused.page)).to.contain('The username "jane.doe" is already used by another user');
      refused = await submitRefused(p.admin, '/admin/users', { username: 'someone', email: 'JANE@example.com' }, p.csrf);
      expect(unescapeHtml(refused.page)).to.contain('The email "JANE@example.com" is already used by another user');
      r = await submit(
        p.admin,
        `/admin/users/${id}`,
        { username: 'jane.smith', email: 'jane@example.com', firstName: 'Jane', lastName: 'Smith' },
        p.csrf,
      );
      expect(r.page).to.contain('User jane.smith was saved.');
      refused = await submitRefused(p.admin, `/admin/users/${id}`, { username: 'DEMO.user', email: 'jane@example.com' }, p.csrf);
      expect(unescapeHtml(refused.page)).to.contain('already used by another user');
      r = await submit(p.admin, `/admin/users/${id}/suspend`, { confirm: 'yes' }, p.csrf);
      expect(r.page).to.contain('User jane.smith is suspended.');
      expect((await signInThroughForm(p.h.client(), '/login', 'jane.smith', PASSWORD)).status).to.equal(403);
      await submit(p.admin, `/admin/users/${id}/activate`, {}, p.csrf);
      r = await submit(p.admin, `/admin/users/${id}/password`, { password: 'short' }, p.csrf);
      expect(r.page).to.contain('password must be a string of 8 to 1024 characters');
      await submit(p.admin, `/admin/users/${id}/password`, { password: 'a-new-password' }, p.csrf);
      expect((await signInThroughForm(p.h.client(), '/login', 'jane.smith', 'a-new-password')).status).to.equal(302);
      r = await submit(p.admin, `/admin/users/${id}/delete`, {}, p.csrf);
      expect(r.page).to.contain('User jane.smith was deleted.');
      expect(await p.h.idp.services.directory.findUser(id)).to.equal(undefined);
    });

    it('creates, renames (conflicts refused whatever the case), lists members and deletes a group', async () => {
      let r = await submit(p.admin, '/admin/groups', { name: 'Editors' }, p.csrf);
      const id = r.location.split('/').pop() ?? '';
      r = await submit(p.admin, '/admin/groups', { name: 'EDITORS' }, p.csrf);
      expect(unescapeHtml(r.page)).to.contain('The group name "EDITORS" is already used');
      r = await submit(p.admin, `/admin/groups/${id}`, { name: 'talentlms users' }, p.csrf);
      expect(unescapeHtml(r.page)).to.contain('The group name "talentlms users" is already used');
      r = await submit(p.admin, `/admin/groups/${id}`, { name: 'Reviewers', description: 'Review things' }, p.csrf);
      expect(r.page).to.contain('Group Reviewers was saved.');
      const demo = await p.h.idp.services.directory.findUserByUsername('demo.user');
      await submit(p.admin, `/admin/groups/${id}/members`, { login: 'demo.user' }, p.csrf);
      expect(await (await p.admin.get(`/admin/groups/${id}`)).text()).to.contain(`/admin/users/${demo?.id}`);
      r = await submit(p.admin, `/admin/groups/${id}/members/${demo?.id}/remove`, {}, p.csrf);
      expect(r.page).to.contain('The user was removed from the group.');
      r = await submit(p.admin, `/admin/groups/${id}/delete`, {}, p.csrf);
      expect(r.page).to.contain('Group Reviewers was deleted.');
    });
  });

  describe('safety and images', () => {
    it('escapes a display label holding markup everywhere it appears', async () => {
      const evil = '<script>alert(1)</script>';
      await p.createFromCatalog('custom-saml', { displayLabel: evil, name: 'evil-app', showInConsole: 'true' });
      const app = await p.appByName('evil-app');
      await p.h.idp.services.directory.updateApplication(app?.id ?? '', { spEntityId: 'evil.test', acsUrls: ['http://sp.test/acs'] });
      const group = await p.h.idp.services.directory.findGroupByName('TalentLMS Users');
      await p.h.idp.services.directory.bindGroup(app?.id ?? '', group?.id ?? '');
      const pages = [
        await (await p.admin.get('/admin/applications')).text(),
        await (await p.admin.get(`/admin/applications/${app?.id}`)).text(),
        await (await p.admin.get(`/admin/applications/${app?.id}/sso`)).text(),
        await (await (await p.userClient('demo.user', 'demo-password')).get('/userconsole/')).text(),
      ];
      for (const page of pages) {
        expect(page).not.to.contain(evil);
        expect(page).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
    });

    it('serves an uploaded PNG from the IdP and refuses a file that is not an image', async () => {
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      const form = new FormData();
      form.set('_csrf', p.csrf);
      form.set('catalog', 'custom-saml');
      form.set('displayLabel', 'Pictured');
      form.set('upload', new Blob([png], { type: 'image/png' }), 'logo.png');
      expect((await p.admin.postMultipart('/admin/applications', form)).status).to.equal(303);
      const app = await p.appByName('pictured');
      const img = await p.h.client().get(`/images/applications/${app?.id}`);
      expect(img.headers.get('content-type')).to.equal('image/png');
      expect(Buffer.from(await img.arrayBuffer()).equals(png)).to.equal(true);
      const bad = new FormData();
      bad.set('_csrf', p.csrf);
      bad.set('catalog', 'custom-saml');
      bad.set('displayLabel', 'Not pictured');
      bad.set('upload', new Blob(['GIF89a'], { type: 'image/png' }), 'logo.png');
      const res = await p.admin.postMultipart('/admin/applications', bad);
      expect(res.status).to.equal(303);
      expect(await (await p.admin.get(res.headers.get('location') ?? '')).text()).to.contain('is not a valid PNG file');
      expect(await p.appByName('not-pictured')).to.equal(undefined);
    });
  });
});
