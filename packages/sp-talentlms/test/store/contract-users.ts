// SP Store contract: users (SCIM fields, trash) and SCIM search.
import { expect } from 'chai';
import type { FilterNode, UserAttr } from '../../src/store/filter.js';
import type { Store, UserFields } from '../../src/store/types.js';
import { at, createLearners, newUser, T0, uniqueViolation } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function usersContract(store: Store) {
  describe('users', () => {
    it('creates a user with a numeric ID and reads it back by ID and login', async () => {
      const created = await store.users.create(newUser('ann', { role: 'superadmin', createdVia: 'local', passwordHash: 'scrypt$x' }), T0);
      expect(created.id).to.be.a('number');
      expect(created).to.include({
        tenant: 'acme',
        login: 'ann',
        active: true,
        role: 'superadmin',
        createdVia: 'local',
        passwordHash: 'scrypt$x',
      });
      expect(created.createdAt.toISOString()).to.equal(T0.toISOString());
      expect(created.lastLoginAt).to.equal(null);
      expect(await store.users.findById('acme', created.id)).to.deep.equal(created);
      expect(await store.users.findByLogin('acme', 'ann')).to.deep.equal(created);
    });

    it('keeps tenants apart', async () => {
      const ann = await store.users.create(newUser('ann'), T0);
      await store.users.create(newUser('ann', { tenant: 'globex' }), T0);
      expect(await store.users.findById('globex', ann.id)).to.equal(undefined);
      expect((await store.users.list('globex')).map((u) => u.tenant)).to.deep.equal(['globex']);
    });

    it('refuses a login or a non-empty email taken case-insensitively in the tenant (UniqueViolation)', async () => {
      await store.users.create(newUser('ann', { email: 'Ann@Example.test' }), T0);
      await uniqueViolation(store.users.create(newUser('ANN', { email: 'other@example.test' }), T0), 'login');
      await uniqueViolation(store.users.create(newUser('bob', { email: 'ann@example.TEST' }), T0), 'email');
      await store.users.create(newUser('carol', { email: '' }), T0);
      await store.users.create(newUser('dave', { email: '' }), T0);
      await store.users.create(newUser('ann', { tenant: 'globex', email: 'ann@example.test' }), T0);
      expect((await store.users.list('acme')).map((u) => u.login)).to.deep.equal(['ann', 'carol', 'dave']);
      expect((await store.users.findByLogin('acme', 'aNN'))?.email).to.equal('Ann@Example.test');
    });

    it('moves a user to the trash and back, keeping its login reserved, and purges only from the trash', async () => {
      const ann = await store.users.create(newUser('ann'), T0);
      await store.users.create(newUser('bob'), T0);
      expect(await store.users.purge('acme', ann.id)).to.equal(false);
      expect(await store.users.trash('acme', ann.id, at(1))).to.equal(true);
      expect(await store.users.trash('acme', ann.id, at(2))).to.equal(false);
      expect((await store.users.list('acme')).map((u) => u.login)).to.deep.equal(['bob']);
      expect((await store.users.list('acme', { trashed: true })).map((u) => u.login)).to.deep.equal(['ann']);
      expect((await store.users.findById('acme', ann.id))?.deletedAt?.toISOString()).to.equal(at(1).toISOString());
      await uniqueViolation(store.users.create(newUser('Ann', { email: 'x@example.test' }), T0), 'login');
      expect(await store.users.restore('acme', ann.id, at(3))).to.equal(true);
      expect(await store.users.restore('acme', ann.id, at(3))).to.equal(false);
      expect((await store.users.findById('acme', ann.id))?.deletedAt).to.equal(null);
      await store.users.trash('acme', ann.id, at(4));
      expect(await store.users.purge('acme', ann.id)).to.equal(true);
      expect(await store.users.findById('acme', ann.id)).to.equal(undefined);
      await store.users.create(newUser('ann'), T0);
    });

    it('replaces every SCIM field in one go: the password is kept, cleared or set', async () => {
      const ann = await store.users.create(newUser('ann', { passwordHash: 'scrypt$1' }), T0);
      await store.users.create(newUser('bob'), T0);
      const fields: UserFields = {
        login: 'Ann.Lee',
        email: 'ann.lee@example.test',
        firstName: 'Ann',
        lastName: 'Lee',
        displayName: 'Ann Lee',
        formattedName: 'Ms Ann Lee',
        externalId: 'ext-1',
        active: false,
        timezone: 'Europe/Athens',
        userType: 'Instructor-Type',
      };
      const kept = await store.users.replace('acme', ann.id, fields, at(5));
      expect(kept).to.include({ ...fields, passwordHash: 'scrypt$1', id: ann.id });
      expect(kept.updatedAt.toISOString()).to.equal(at(5).toISOString());
      expect((await store.users.replace('acme', ann.id, { ...fields, passwordHash: 'scrypt$2' }, at(6))).passwordHash).to.equal('scrypt$2');
      expect((await store.users.replace('acme', ann.id, { ...fields, passwordHash: null }, at(7))).passwordHash).to.equal(null);
      await uniqueViolation(store.users.replace('acme', ann.id, { ...fields, login: 'BOB' }, at(8)), 'login');
      expect((await store.users.findById('acme', ann.id))?.login).to.equal('Ann.Lee');
    });

    it('says which IDs are live users of the tenant, in the order asked', async () => {
      const [a, b, c] = await createLearners(store, 'a', 'b', 'c');
      const other = await store.users.create(newUser('d', { tenant: 'globex' }), T0);
      await store.users.trash('acme', b.id, T0);
      expect(await store.users.existingIds('acme', [c.id, b.id, other.id, a.id, 987654])).to.deep.equal([c.id, a.id]);
      expect(await store.users.existingIds('acme', [])).to.deep.equal([]);
    });

    it('creates a user inactive when asked, and switches it', async () => {
      const u = await store.users.create(newUser('ann', { active: false }), T0);
      expect(u.active).to.equal(false);
      await store.users.setActive('acme', u.id, true, at(5));
      const back = await store.users.findById('acme', u.id);
      expect(back?.active).to.equal(true);
      expect(back?.updatedAt.toISOString()).to.equal(at(5).toISOString());
    });

    it('re-syncs the profile and stamps the login time', async () => {
      const u = await store.users.create(newUser('ann'), T0);
      await store.users.updateProfile('acme', u.id, { email: 'new@example.test', firstName: 'Ann', lastName: 'Lee' }, at(10));
      await store.users.touchLogin('acme', u.id, at(11));
      const back = await store.users.findById('acme', u.id);
      expect(back).to.include({ email: 'new@example.test', firstName: 'Ann', lastName: 'Lee' });
      expect(back?.updatedAt.toISOString()).to.equal(at(10).toISOString());
      expect(back?.lastLoginAt?.toISOString()).to.equal(at(11).toISOString());
    });

    it("lists a tenant's users ordered by login", async () => {
      for (const login of ['carol', 'alice', 'bob']) await store.users.create(newUser(login), T0);
      expect((await store.users.list('acme')).map((u) => u.login)).to.deep.equal(['alice', 'bob', 'carol']);
    });
  });

  describe('SCIM search', () => {
    const eq = (attr: UserAttr, value: string | boolean): FilterNode<UserAttr> => ({ kind: 'cmp', attr, op: 'eq', value });
    beforeEach(async () => {
      await store.users.create(newUser('Alice', { externalId: 'X-1', displayName: 'Alice A' }), T0);
      await store.users.create(newUser('bob', { active: false, externalId: 'x-2' }), T0);
      await store.users.create(newUser('carol_x', { timezone: 'Asia/Tokyo' }), T0);
      const trashed = await store.users.create(newUser('alice2'), T0);
      await store.users.trash('acme', trashed.id, T0);
      await store.users.create(newUser('alice', { tenant: 'globex' }), T0);
    });
    const logins = async (filter: FilterNode<UserAttr> | undefined, startIndex = 1, count = 10) => {
      const page = await store.users.search('acme', { filter, startIndex, count });
      return { total: page.total, logins: page.users.map((u) => u.login) };
    };

    it('pages live users of the tenant in ID order with the total', async () => {
      expect(await logins(undefined)).to.deep.equal({ total: 3, logins: ['Alice', 'bob', 'carol_x'] });
      expect(await logins(undefined, 2, 1)).to.deep.equal({ total: 3, logins: ['bob'] });
      expect(await logins(undefined, 1, 0)).to.deep.equal({ total: 3, logins: [] });
    });

    it('matches userName case-insensitively and externalId case-exactly', async () => {
      expect(await logins(eq('userName', 'ALICE'))).to.deep.equal({ total: 1, logins: ['Alice'] });
      expect(await logins(eq('externalId', 'x-1'))).to.deep.equal({ total: 0, logins: [] });
      expect(await logins(eq('externalId', 'X-1'))).to.deep.equal({ total: 1, logins: ['Alice'] });
    });

    it('keeps a user without an externalId under not (externalId eq …), and matches none by externalId eq ""', async () => {
      expect(await logins({ kind: 'not', item: eq('externalId', 'X-1') })).to.deep.equal({ total: 2, logins: ['bob', 'carol_x'] });
      expect(await logins(eq('externalId', ''))).to.deep.equal({ total: 1, logins: ['carol_x'] });
    });

    it('combines operators: co with LIKE characters taken literally, and/or/not, booleans, pr and defaults', async () => {
      expect((await logins({ kind: 'cmp', attr: 'userName', op: 'co', value: '_X' })).logins).to.deep.equal(['carol_x']);
      expect((await logins({ kind: 'cmp', attr: 'userName', op: 'sw', value: 'b' })).logins).to.deep.equal(['bob']);
      expect((await logins({ kind: 'cmp', attr: 'externalId', op: 'ew', value: '-1' })).logins).to.deep.equal(['Alice']);
      expect((await logins(eq('active', false))).logins).to.deep.equal(['bob']);
      expect((await logins({ kind: 'and', items: [eq('active', true), { kind: 'pr', attr: 'externalId' }] })).logins).to.deep.equal([
        'Alice',
      ]);
      expect(
        (await logins({ kind: 'or', items: [eq('userName', 'bob'), { kind: 'not', item: eq('timezone', 'UTC') }] })).logins,
      ).to.deep.equal(['bob', 'carol_x']);
      expect((await logins({ kind: 'cmp', attr: 'meta.created', op: 'ge', value: T0.toISOString() })).total).to.equal(3);
      expect((await logins({ kind: 'cmp', attr: 'meta.created', op: 'gt', value: T0.toISOString() })).total).to.equal(0);
    });
  });
}
