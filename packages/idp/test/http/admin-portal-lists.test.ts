// The portal's lists (Users, User Groups, SSO Applications): paged and searched in the store;
// the group panel's "Add member" by username or email.
import { expect } from 'chai';
import { pager } from '../../src/http/admin/kit/list-page.js';
import { submit, submitRefused } from '../helpers/admin.js';
import type { Client } from '../helpers/client.js';
import type { Harness } from '../helpers/harness.js';
import { inputValue, unescapeHtml } from '../helpers/html.js';
import { type Portal, startPortal } from '../helpers/portal.js';

/** The usernames linked from a users list page, in order. */
const usernames = (page: string) => [...page.matchAll(/<td[^>]*><a href="\/admin\/users\/[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
const link = (page: string, rel: 'prev' | 'next') => {
  const m = new RegExp(`<a href="([^"]*)" rel="${rel}" aria-label="([^"]*)"`).exec(page);
  return m ? { href: unescapeHtml(m[1] ?? ''), label: m[2] } : undefined;
};

describe('admin portal: paged, searchable lists and adding group members by name', () => {
  let p: Portal;
  let h: Harness;
  let admin: Client;
  let csrf: string;
  let total: number;
  const get = async (path: string) => {
    const res = await admin.get(path);
    expect(res.status, `GET ${path}`).to.equal(200);
    return res.text();
  };

  before(async () => {
    p = await startPortal();
    ({ h, admin, csrf } = p);
    const d = h.idp.services.directory;
    for (let i = 0; i < 120; i++) {
      const n = String(i).padStart(3, '0');
      await d.createUser({ username: `pager.${n}`, email: `Pager.${n}@Paging.TEST`, firstName: 'Page', lastName: `Number ${n}` });
    }
    await d.createUser({ username: 'grace.hopper', email: 'Grace.Hopper@Navy.Example', firstName: 'Grace', lastName: 'Hopper' });
    await d.createUser({ username: 'percent', email: 'percent@example.test', firstName: '100%', lastName: 'Sure' });
    total = (await d.listUsers({ limit: 1, offset: 0 })).total;
  });
  after(() => h.close());

  describe('users list', () => {
    it('shows 50 users a page with the count and Previous / Next links', async () => {
      expect(total).to.be.greaterThan(120).and.at.most(150);
      const first = await get('/admin/users');
      expect(usernames(first)).to.have.length(50);
      expect(first).to.contain(`Showing 1–50 of ${total}`);
      expect(link(first, 'prev')).to.equal(undefined);
      expect(link(first, 'next')).to.deep.equal({ href: '/admin/users?page=2', label: 'Next page (page 2 of 3)' });

      const second = await get('/admin/users?page=2');
      expect(second).to.contain(`Showing 51–100 of ${total}`);
      expect(usernames(second)).to.have.length(50);
      expect(usernames(second)).to.not.include.members(usernames(first));
      expect(link(second, 'prev')).to.deep.equal({ href: '/admin/users', label: 'Previous page (page 1 of 3)' });
      expect(link(second, 'next')?.href).to.equal('/admin/users?page=3');

      const third = await get('/admin/users?page=3');
      expect(third).to.contain(`Showing 101–${total} of ${total}`);
      expect(usernames(third)).to.have.length(total - 100);
      expect(link(third, 'next')).to.equal(undefined);
      expect(link(third, 'prev')?.href).to.equal('/admin/users?page=2');
    });

    it('shows the last page for a page past the end, and the first for a page that is not a number', async () => {
      expect(await get('/admin/users?page=99')).to.contain(`Showing 101–${total} of ${total}`);
      expect(await get('/admin/users?page=abc')).to.contain(`Showing 1–50 of ${total}`);
      expect(await get('/admin/users?page=0')).to.contain(`Showing 1–50 of ${total}`);
    });

    it('formats large counts with thousands separators', () => {
      const items = Array.from({ length: 50 }, (_, i) => i);
      const out = pager('/admin/users', '', 2, { items, total: 1234, limit: 50, offset: 50 }, 'user').toString();
      expect(out).to.contain('Showing 51–100 of 1,234');
      expect(out).to.contain('aria-label="Previous page (page 1 of 25)"');
      expect(out).to.contain('aria-label="Next page (page 3 of 25)"');
    });

    it('searches by email case-insensitively and keeps the search in the paging links', async () => {
      let page = await get(`/admin/users?q=${encodeURIComponent('grace.hopper@NAVY.example')}`);
      expect(usernames(page)).to.deep.equal(['grace.hopper']);
      expect(page).to.contain('Showing 1–1 of 1');
      expect(inputValue(page, 'q')).to.equal('grace.hopper@NAVY.example');

      page = await get('/admin/users?q=PAGING.test');
      expect(unescapeHtml(page)).to.contain('Showing 1–50 of 120 matching "PAGING.test"');
      expect(link(page, 'next')?.href).to.equal('/admin/users?q=PAGING.test&page=2');
      page = await get('/admin/users?q=PAGING.test&page=3');
      expect(page).to.contain('Showing 101–120 of 120');
      expect(usernames(page)).to.have.length(20);
      expect(link(page, 'prev')?.href).to.equal('/admin/users?q=PAGING.test&page=2');
    });

    it('searches by first and last name', async () => {
      expect(usernames(await get('/admin/users?q=grace+HOPPER'))).to.deep.equal(['grace.hopper']);
      expect(usernames(await get('/admin/users?q=number+119'))).to.deep.equal(['pager.119']);
    });

    it('takes % and _ in a search literally', async () => {
      let page = await get('/admin/users?q=%25');
      expect(usernames(page)).to.deep.equal(['percent']);
      expect(page).to.contain('Showing 1–1 of 1');
      page = await get('/admin/users?q=pager%25');
      expect(usernames(page)).to.deep.equal([]);
      expect(unescapeHtml(page)).to.contain('No user matches "pager%".');
      expect(usernames(await get('/admin/users?q=_'))).to.deep.equal([]);
    });
  });

  describe('groups and applications lists', () => {
    it('pages and searches user groups by name, % literal', async () => {
      const d = h.idp.services.directory;
      for (let i = 0; i < 55; i++) await d.createGroup({ name: `Team ${String(i).padStart(2, '0')}` });
      await d.createGroup({ name: '50% Off Club' });
      let page = await get('/admin/groups?q=team');
      expect(page).to.contain('Showing 1–50 of 55');
      expect(link(page, 'next')?.href).to.equal('/admin/groups?q=team&page=2');
      page = await get('/admin/groups?q=TEAM&page=2');
      expect(page).to.contain('Showing 51–55 of 55');
      expect(page).to.contain('>Team 54</a>');
      page = await get('/admin/groups?q=%25');
      expect(page).to.contain('Showing 1–1 of 1');
      expect(page).to.contain('>50% Off Club</a>');
    });

    it('searches SSO applications by display label or name', async () => {
      await p.createFromCatalog('custom-saml', { displayLabel: 'Payroll 100%', name: 'payroll', showInConsole: 'true' });
      await p.createFromCatalog('custom-saml', { displayLabel: 'Wiki', name: 'team-wiki', showInConsole: 'true' });
      let page = await get('/admin/applications?q=PAYROLL');
      expect(page).to.contain('Showing 1–1 of 1');
      expect(page).to.contain('>Payroll 100%</a>');
      page = await get('/admin/applications?q=TEAM-wiki');
      expect(page).to.contain('>Wiki</a>');
      expect(page).to.not.contain('>Payroll 100%</a>');
      page = await get('/admin/applications?q=%25');
      expect(page).to.contain('>Payroll 100%</a>');
      expect(page).to.not.contain('>Wiki</a>');
      expect(unescapeHtml(await get('/admin/applications?q=nothing-like-it'))).to.contain('No application matches "nothing-like-it".');
    });
  });

  describe('adding a group member', () => {
    let groupId: string;
    let groups = 0;
    beforeEach(async () => {
      groupId = (await h.idp.services.directory.createGroup({ name: `Navy ${++groups}` })).id;
    });

    it('offers a username-or-email field, not a list of every user', async () => {
      const page = await get(`/admin/groups/${groupId}`);
      expect(page).to.not.contain('<select');
      expect(page).to.contain('<input type="text" id="login" name="login"');
      expect(page).to.contain('Add member</button>');
    });

    it('adds a member by email, whatever its case', async () => {
      const r = await submit(admin, `/admin/groups/${groupId}/members`, { login: 'GRACE.HOPPER@navy.example' }, csrf);
      expect(r.page).to.contain('grace.hopper was added to the group.');
      const grace = await h.idp.services.directory.findUserByUsername('grace.hopper');
      expect((await h.idp.services.directory.getGroup(groupId)).memberIds).to.deep.equal([grace?.id]);
      const again = await submitRefused(admin, `/admin/groups/${groupId}/members`, { login: 'grace.hopper' }, csrf);
      expect(again.status).to.equal(400);
      expect(again.page).to.contain('grace.hopper is already a member of this group.');
    });

    it('shows the form again with the error at the field for an unknown user', async () => {
      const d = h.idp.services.directory;
      await d.addMember(groupId, (await d.findUserByUsername('grace.hopper'))?.id ?? '');
      const r = await submitRefused(admin, `/admin/groups/${groupId}/members`, { login: 'nobody@nowhere.test' }, csrf);
      expect(r.status).to.equal(400);
      const page = unescapeHtml(r.page);
      expect(page).to.contain(
        '<p class="alert error field-error" id="login-error">Username or email: no user has the username or email "nobody@nowhere.test".</p>',
      );
      expect(r.page).to.contain('aria-invalid="true" aria-describedby="login-error"');
      expect(inputValue(r.page, 'login')).to.equal('nobody@nowhere.test');
      expect((await h.idp.services.directory.getGroup(groupId)).memberIds).to.have.length(1);
      const empty = await submitRefused(admin, `/admin/groups/${groupId}/members`, { login: '  ' }, csrf);
      expect(empty.status).to.equal(400);
      expect(empty.page).to.contain('enter the username or email of the user to add.');
    });
  });
});
