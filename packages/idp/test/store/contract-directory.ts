// IdP Store contract, directory: users, groups, applications, admins and API keys.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at, expectConflict, flow, rejection, T0, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function directoryContract(store: Store) {
  describe('users', () => {
    it('round-trips a user with its password hash and instants', async () => {
      const u = user('u1', 'Ann.Lee', { passwordHash: null, status: 'suspended', updatedAt: at(5) });
      await store.users.insert(u);
      expect(await store.users.get('u1')).to.deep.equal(u);
      expect(await store.users.get('nope')).to.equal(undefined);
    });

    it('finds users by username and email case-insensitively', async () => {
      await store.users.insert(user('u1', 'Ann.Lee', { email: 'Ann@Example.TEST' }));
      expect((await store.users.findByUsername('ann.LEE'))?.id).to.equal('u1');
      expect((await store.users.findByEmail('ann@example.test'))?.id).to.equal('u1');
      expect(await store.users.findByUsername('ann')).to.equal(undefined);
    });

    it('refuses a username or email that differs only by case with a 409 conflict naming the field', async () => {
      await store.users.insert(user('u1', 'ann', { email: 'ann@example.test' }));
      expectConflict(await rejection(store.users.insert(user('u2', 'ANN', { email: 'other@example.test' }))), 'username');
      expectConflict(await rejection(store.users.insert(user('u3', 'bob', { email: 'ANN@example.test' }))), 'email');
      expect((await store.users.list({ limit: 10, offset: 0 })).total).to.equal(1);
    });

    it('updates fields, follows a username change and refuses a taken one', async () => {
      await store.users.insert(user('u1', 'ann'));
      await store.users.insert(user('u2', 'bob'));
      const updated = await store.users.update('u1', { username: 'Anna', lastName: 'Smith', passwordHash: 'new' }, at(60));
      expect(updated).to.include({ username: 'Anna', lastName: 'Smith', passwordHash: 'new', firstName: 'First' });
      expect(updated?.updatedAt.toISOString()).to.equal(at(60).toISOString());
      expect((await store.users.findByUsername('anna'))?.id).to.equal('u1');
      expect(await store.users.findByUsername('ann')).to.equal(undefined);
      expectConflict(await rejection(store.users.update('u2', { username: 'ANNA' }, at(61))), 'username');
      expect((await store.users.get('u2'))?.username).to.equal('bob');
      expect(await store.users.update('missing', { lastName: 'x' }, at(62))).to.equal(undefined);
    });

    it('deletes a user once', async () => {
      await store.users.insert(user('u1', 'ann'));
      expect(await store.users.delete('u1')).to.equal(true);
      expect(await store.users.delete('u1')).to.equal(false);
      expect(await store.users.get('u1')).to.equal(undefined);
    });

    it('lists users by username (case-insensitive order), paged, with the total and no password hash', async () => {
      for (const [i, n] of ['carol', 'Bob', 'alice', 'Dave', 'eve'].entries()) await store.users.insert(user(`u${i}`, n));
      const first = await store.users.list({ limit: 2, offset: 0 });
      expect(first.items.map((u) => u.username)).to.deep.equal(['alice', 'Bob']);
      expect(first).to.include({ total: 5, limit: 2, offset: 0 });
      expect(first.items[0]).to.not.have.property('passwordHash');
      const last = await store.users.list({ limit: 2, offset: 4 });
      expect(last.items.map((u) => u.username)).to.deep.equal(['eve']);
    });

    it('pages through every user once in list order, and a page past the end keeps the total', async () => {
      const names = ['zed', 'Amy', 'bo', 'amy2', 'Cy', 'dee', 'Éva', 'eli', 'fay', 'gus', 'hal'];
      for (const [i, n] of names.entries()) await store.users.insert(user(`u${String(10 - i).padStart(2, '0')}`, n));
      const seen: string[] = [];
      for (let offset = 0; offset < names.length; offset += 3) {
        const page = await store.users.list({ limit: 3, offset });
        expect(page.total).to.equal(names.length);
        seen.push(...page.items.map((u) => u.username));
      }
      expect(seen).to.deep.equal(
        ['amy', 'amy2', 'bo', 'cy', 'dee', 'eli', 'fay', 'gus', 'hal', 'zed', 'éva'].map((k) => names.find((n) => n.toLowerCase() === k)),
      );
      expect(await store.users.list({ limit: 3, offset: 30 })).to.deep.include({ items: [], total: names.length });
      const searched = await store.users.list({ limit: 2, offset: 1, search: 'Y' });
      expect(searched.items.map((u) => u.username)).to.deep.equal(['amy2', 'Cy']);
      expect(searched.total).to.equal(4);
    });

    it('searches users by username, email or name, case-insensitively, paged, with the total of the matches', async () => {
      await store.users.insert(user('u1', 'ann', { email: 'Ann.Lee@Corp.TEST', firstName: 'Ann', lastName: 'Lee' }));
      await store.users.insert(user('u2', 'bob', { email: 'bob@other.test', firstName: 'Robert', lastName: 'LEEDS' }));
      await store.users.insert(user('u3', 'carol', { email: 'carol@corp.test', firstName: 'Carol', lastName: 'King' }));
      await store.users.insert(user('u4', 'dave', { email: 'dave@x.test', firstName: 'Dave', lastName: 'Stone' }));
      const names = async (search: string, limit = 10, offset = 0) => {
        const page = await store.users.list({ limit, offset, search });
        return { names: page.items.map((u) => u.username), total: page.total };
      };
      expect(await names('CORP.test')).to.deep.equal({ names: ['ann', 'carol'], total: 2 });
      expect(await names('lee')).to.deep.equal({ names: ['ann', 'bob'], total: 2 });
      expect(await names('ann lee')).to.deep.equal({ names: ['ann'], total: 1 });
      expect(await names('DAV')).to.deep.equal({ names: ['dave'], total: 1 });
      expect(await names('e', 1, 1)).to.deep.equal({ names: ['bob'], total: 4 });
      expect(await names('')).to.deep.equal({ names: ['ann', 'bob', 'carol', 'dave'], total: 4 });
      expect(await names('nobody')).to.deep.equal({ names: [], total: 0 });
    });

    it('takes %, _ and \\ in a user search literally', async () => {
      await store.users.insert(user('u1', 'ann', { firstName: '100%', lastName: 'Sure' }));
      await store.users.insert(user('u2', 'a_b'));
      await store.users.insert(user('u3', 'axb'));
      await store.users.insert(user('u4', 'back\\slash'));
      const names = async (search: string) => (await store.users.list({ limit: 10, offset: 0, search })).items.map((u) => u.username);
      expect(await names('%')).to.deep.equal(['ann']);
      expect(await names('0% s')).to.deep.equal(['ann']);
      expect(await names('a_b')).to.deep.equal(['a_b']);
      expect(await names('_')).to.deep.equal(['a_b']);
      expect(await names('k\\s')).to.deep.equal(['back\\slash']);
      expect(await names('\\')).to.deep.equal(['back\\slash']);
    });
  });

  describe('groups', () => {
    it('round-trips a group and finds it by name case-insensitively', async () => {
      const g = { id: 'g1', name: 'TalentLMS Users', description: 'learners', createdAt: T0 };
      await store.groups.insert(g);
      expect(await store.groups.get('g1')).to.deep.equal(g);
      expect((await store.groups.findByName('talentlms USERS'))?.id).to.equal('g1');
    });

    it('refuses a group name taken case-insensitively, on insert and on rename', async () => {
      await store.groups.insert({ id: 'g1', name: 'Sales', description: '', createdAt: T0 });
      await store.groups.insert({ id: 'g2', name: 'Support', description: '', createdAt: T0 });
      expectConflict(await rejection(store.groups.insert({ id: 'g3', name: 'SALES', description: '', createdAt: T0 })), 'name');
      expectConflict(await rejection(store.groups.update('g2', { name: 'sales' })), 'name');
    });

    it('renames and re-describes a group', async () => {
      await store.groups.insert({ id: 'g1', name: 'Sales', description: '', createdAt: T0 });
      const renamed = await store.groups.update('g1', { name: 'Field Sales', description: 'road warriors' });
      expect(renamed).to.deep.equal({ id: 'g1', name: 'Field Sales', description: 'road warriors', createdAt: T0 });
      expect((await store.groups.findByName('field sales'))?.id).to.equal('g1');
      expect(await store.groups.findByName('sales')).to.equal(undefined);
      expect(await store.groups.update('missing', { name: 'x' })).to.equal(undefined);
    });

    it('adds members idempotently, removes them once, and lists both directions in ID order', async () => {
      await store.groups.insert({ id: 'g1', name: 'A', description: '', createdAt: T0 });
      await store.groups.insert({ id: 'g2', name: 'B', description: '', createdAt: T0 });
      await store.users.insert(user('u2', 'bob'));
      await store.users.insert(user('u1', 'ann'));
      await Promise.all([store.groups.addMember('g1', 'u2'), store.groups.addMember('g1', 'u2'), store.groups.addMember('g1', 'u1')]);
      await store.groups.addMember('g2', 'u1');
      expect(await store.groups.listMemberIds('g1')).to.deep.equal(['u1', 'u2']);
      expect(await store.groups.listGroupIdsOfUser('u1')).to.deep.equal(['g1', 'g2']);
      expect(await store.groups.removeMember('g1', 'u2')).to.equal(true);
      expect(await store.groups.removeMember('g1', 'u2')).to.equal(false);
      expect(await store.groups.listMemberIds('g1')).to.deep.equal(['u1']);
    });

    it('drops memberships with the user or the group', async () => {
      await store.groups.insert({ id: 'g1', name: 'A', description: '', createdAt: T0 });
      await store.users.insert(user('u1', 'ann'));
      await store.users.insert(user('u2', 'bob'));
      await store.groups.addMember('g1', 'u1');
      await store.groups.addMember('g1', 'u2');
      await store.users.delete('u1');
      expect(await store.groups.listMemberIds('g1')).to.deep.equal(['u2']);
      expect(await store.groups.delete('g1')).to.equal(true);
      expect(await store.groups.delete('g1')).to.equal(false);
      expect(await store.groups.listGroupIdsOfUser('u2')).to.deep.equal([]);
    });

    it('lists groups by name, paged, with the total', async () => {
      for (const [i, n] of ['beta', 'Alpha', 'gamma'].entries())
        await store.groups.insert({ id: `g${i}`, name: n, description: '', createdAt: T0 });
      const page = await store.groups.list({ limit: 2, offset: 1 });
      expect(page.items.map((g) => g.name)).to.deep.equal(['beta', 'gamma']);
      expect(page.total).to.equal(3);
    });

    it('searches groups by name case-insensitively, wildcards literal', async () => {
      for (const [i, n] of ['Sales EU', 'sales_US', 'Support', 'salesXus', '50% club'].entries())
        await store.groups.insert({ id: `g${i}`, name: n, description: 'sales', createdAt: T0 });
      const search = async (q: string, limit = 10, offset = 0) => {
        const page = await store.groups.list({ limit, offset, search: q });
        return { names: page.items.map((g) => g.name), total: page.total };
      };
      expect(await search('SALES')).to.deep.equal({ names: ['Sales EU', 'sales_US', 'salesXus'], total: 3 });
      expect(await search('SALES', 1, 1)).to.deep.equal({ names: ['sales_US'], total: 3 });
      expect(await search('s_u')).to.deep.equal({ names: ['sales_US'], total: 1 });
      expect(await search('0%')).to.deep.equal({ names: ['50% club'], total: 1 });
      expect(await search('%')).to.deep.equal({ names: ['50% club'], total: 1 });
    });
  });

  describe('applications', () => {
    it('round-trips every field, lists and constant attributes included', async () => {
      const a = application('a1', 'talentlms', { idpEntityIdOverride: 'https://idp.example.test/x', groupAttribute: 'Groups' });
      await store.applications.insert(a);
      expect(await store.applications.get('a1')).to.deep.equal(a);
      expect(await store.applications.findByName('talentlms')).to.deep.equal(a);
      const bookmark = application('a2', 'wiki', {
        kind: 'bookmark',
        bookmarkUrl: 'https://wiki.example.test/',
        showInConsole: false,
        ssoActive: false,
        image: 'icon:book',
      });
      await store.applications.insert(bookmark);
      expect(await store.applications.get('a2')).to.deep.equal(bookmark);
    });

    it('refuses a second application with the same name (409 conflict)', async () => {
      await store.applications.insert(application('a1', 'talentlms'));
      expectConflict(await rejection(store.applications.insert(application('a2', 'talentlms'))), 'name');
    });

    it('applies a patch and stamps updatedAt; a missing application gives undefined', async () => {
      await store.applications.insert(application('a1', 'talentlms'));
      const patched = await store.applications.update(
        'a1',
        {
          acsUrls: ['https://only.example.test/acs'],
          attributes: [{ name: 'uid', source: 'id' }],
          ssoActive: false,
          groupAttribute: 'memberOf',
        },
        at(30),
      );
      expect(patched).to.include({ ssoActive: false, groupAttribute: 'memberOf', name: 'talentlms', displayLabel: 'TALENTLMS' });
      expect(patched?.acsUrls).to.deep.equal(['https://only.example.test/acs']);
      expect(patched?.attributes).to.deep.equal([{ name: 'uid', source: 'id' }]);
      expect(patched?.updatedAt.toISOString()).to.equal(at(30).toISOString());
      expect(await store.applications.get('a1')).to.deep.equal(patched);
      expect(await store.applications.update('nope', { description: 'x' }, at(31))).to.equal(undefined);
    });

    it('binds groups idempotently and answers who may launch what', async () => {
      await store.applications.insert(application('a1', 'talentlms', { displayLabel: 'Zeta LMS' }));
      await store.applications.insert(application('a2', 'wiki', { displayLabel: 'Alpha Wiki' }));
      await store.applications.insert(application('a3', 'hr', { displayLabel: 'HR' }));
      await store.groups.insert({ id: 'g1', name: 'Learners', description: '', createdAt: T0 });
      await store.groups.insert({ id: 'g2', name: 'Staff', description: '', createdAt: T0 });
      await store.users.insert(user('u1', 'ann'));
      await store.users.insert(user('u2', 'bob'));
      await store.groups.addMember('g1', 'u1');
      await store.groups.addMember('g2', 'u1');
      await Promise.all([store.applications.bindGroup('a1', 'g1'), store.applications.bindGroup('a1', 'g1')]);
      await store.applications.bindGroup('a1', 'g2');
      await store.applications.bindGroup('a2', 'g2');
      expect(await store.applications.listBoundGroupIds('a1')).to.deep.equal(['g1', 'g2']);
      expect(await store.applications.listBoundApplicationIds('g2')).to.deep.equal(['a1', 'a2']);
      expect(await store.applications.isUserBound('u1', 'a1')).to.equal(true);
      expect(await store.applications.isUserBound('u2', 'a1')).to.equal(false);
      expect(await store.applications.isUserBound('u1', 'a3')).to.equal(false);
      expect((await store.applications.listBoundToUser('u1')).map((a) => a.id)).to.deep.equal(['a2', 'a1']);
      expect(await store.applications.unbindGroup('a1', 'g1')).to.equal(true);
      expect(await store.applications.unbindGroup('a1', 'g1')).to.equal(false);
      expect(await store.applications.listBoundGroupIds('a1')).to.deep.equal(['g2']);
    });

    it('removes bindings and pending sign-ins with the application', async () => {
      await store.applications.insert(application('a1', 'talentlms'));
      await store.groups.insert({ id: 'g1', name: 'Learners', description: '', createdAt: T0 });
      await store.applications.bindGroup('a1', 'g1');
      await store.loginFlows.insert(flow('f1', 'a1', 600));
      expect(await store.applications.delete('a1')).to.equal(true);
      expect(await store.applications.delete('a1')).to.equal(false);
      expect(await store.applications.listBoundApplicationIds('g1')).to.deep.equal([]);
      expect(await store.loginFlows.get('f1')).to.equal(undefined);
    });

    it('lists applications by name, paged, with the total', async () => {
      for (const [i, n] of ['wiki', 'hr', 'talentlms'].entries()) await store.applications.insert(application(`a${i}`, n));
      const page = await store.applications.list({ limit: 2, offset: 0 });
      expect(page.items.map((a) => a.name)).to.deep.equal(['hr', 'talentlms']);
      expect(page.total).to.equal(3);
    });

    it('searches applications by display label or name case-insensitively, wildcards literal', async () => {
      await store.applications.insert(application('a1', 'wiki', { displayLabel: 'Team Wiki' }));
      await store.applications.insert(application('a2', 'hr', { displayLabel: 'People_Ops 100%' }));
      await store.applications.insert(application('a3', 'talentlms', { displayLabel: 'Learning' }));
      const search = async (q: string) => {
        const page = await store.applications.list({ limit: 10, offset: 0, search: q });
        return { names: page.items.map((a) => a.name), total: page.total };
      };
      expect(await search('team WIKI')).to.deep.equal({ names: ['wiki'], total: 1 });
      expect(await search('TALENT')).to.deep.equal({ names: ['talentlms'], total: 1 });
      expect(await search('e_o')).to.deep.equal({ names: ['hr'], total: 1 });
      expect(await search('0%')).to.deep.equal({ names: ['hr'], total: 1 });
      expect(await search('%')).to.deep.equal({ names: ['hr'], total: 1 });
      expect(await search('i')).to.deep.equal({ names: ['talentlms', 'wiki'], total: 2 });
    });
  });

  describe('admins and API keys', () => {
    it('finds an admin by email case-insensitively and by ID, and refuses a second with that email', async () => {
      const admin = { id: 'ad1', email: 'Admin@Example.test', passwordHash: 'scrypt$x', createdAt: T0 };
      await store.admins.insert(admin);
      expect(await store.admins.findByEmail('admin@example.TEST')).to.deep.equal(admin);
      expect(await store.admins.get('ad1')).to.deep.equal(admin);
      expectConflict(await rejection(store.admins.insert({ ...admin, id: 'ad2', email: 'ADMIN@example.test' })), 'email');
    });

    it('stores API key hashes, rotates one, and refuses a duplicate name', async () => {
      await store.apiKeys.insert({ id: 'k1', name: 'bootstrap', keyHash: 'h1', createdAt: T0 });
      await store.apiKeys.insert({ id: 'k2', name: 'ci', keyHash: 'h2', createdAt: T0 });
      await store.apiKeys.updateHash('k1', 'h3');
      expect(await store.apiKeys.findByName('bootstrap')).to.deep.equal({ id: 'k1', name: 'bootstrap', keyHash: 'h3', createdAt: T0 });
      expect((await store.apiKeys.listHashes()).sort()).to.deep.equal(['h2', 'h3']);
      expectConflict(await rejection(store.apiKeys.insert({ id: 'k3', name: 'ci', keyHash: 'h4', createdAt: T0 })), 'name');
    });
  });
}
