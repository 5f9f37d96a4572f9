// SP Store contract: groups, account settings and counters.
import { expectReservesUpToTheLimitAndReleases } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { at, createLearners, newUser, T0, uniqueViolation } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function groupsContract(store: Store) {
  describe('groups', () => {
    it('creates a group with its live members of the tenant only, members ordered by ID', async () => {
      const [a, b, c] = await createLearners(store, 'a', 'b', 'c');
      const other = await store.users.create(newUser('z', { tenant: 'globex' }), T0);
      await store.users.trash('acme', c.id, T0);
      const g = await store.groups.create(
        { tenant: 'acme', displayName: 'Sales', externalId: 'g-1', memberIds: [b.id, a.id, c.id, other.id] },
        T0,
      );
      expect(g).to.include({ tenant: 'acme', displayName: 'Sales', externalId: 'g-1' });
      expect(g.members).to.deep.equal([
        { id: a.id, login: 'a' },
        { id: b.id, login: 'b' },
      ]);
      expect(await store.groups.findById('acme', g.id)).to.deep.equal(g);
      expect(await store.groups.findById('acme', g.id, { members: false })).to.not.have.property('members');
      expect(await store.groups.findById('globex', g.id)).to.equal(undefined);
    });

    it('refuses a display name taken case-insensitively in the tenant, on create and rename', async () => {
      await store.groups.create({ tenant: 'acme', displayName: 'Sales', externalId: null, memberIds: [] }, T0);
      const support = await store.groups.create({ tenant: 'acme', displayName: 'Support', externalId: null, memberIds: [] }, T0);
      await uniqueViolation(
        store.groups.create({ tenant: 'acme', displayName: 'SALES', externalId: null, memberIds: [] }, T0),
        'groupName',
      );
      await uniqueViolation(store.groups.update('acme', support.id, { displayName: 'sales' }, T0), 'groupName');
      await store.groups.create({ tenant: 'globex', displayName: 'Sales', externalId: null, memberIds: [] }, T0);
    });

    it('updates name, externalId and members (replace, then add, then remove) together', async () => {
      const [a, b, c] = await createLearners(store, 'a', 'b', 'c');
      const g = await store.groups.create({ tenant: 'acme', displayName: 'Sales', externalId: 'g-1', memberIds: [a.id] }, T0);
      await store.groups.update(
        'acme',
        g.id,
        { displayName: 'Field Sales', replaceMembers: [b.id], addMembers: [c.id, a.id], removeMembers: [a.id] },
        at(9),
      );
      const back = await store.groups.findById('acme', g.id);
      expect(back).to.include({ displayName: 'Field Sales', externalId: 'g-1' });
      expect(back?.updatedAt.toISOString()).to.equal(at(9).toISOString());
      expect(back?.members?.map((m) => m.login)).to.deep.equal(['b', 'c']);
      await store.groups.update('acme', g.id, { externalId: null }, at(10));
      expect((await store.groups.findById('acme', g.id))?.externalId).to.equal(null);
      await store.users.trash('acme', b.id, T0);
      expect((await store.groups.findById('acme', g.id))?.members?.map((m) => m.login)).to.deep.equal(['c']);
      await store.users.restore('acme', b.id, T0);
      await store.users.trash('acme', c.id, T0);
      await store.users.purge('acme', c.id);
      expect((await store.groups.findById('acme', g.id))?.members?.map((m) => m.login)).to.deep.equal(['b']);
    });

    it('searches groups by display name or member and deletes them', async () => {
      const a = await store.users.create(newUser('a'), T0);
      const sales = await store.groups.create({ tenant: 'acme', displayName: 'Sales', externalId: null, memberIds: [a.id] }, T0);
      await store.groups.create({ tenant: 'acme', displayName: 'Support', externalId: null, memberIds: [] }, T0);
      const byName = await store.groups.search('acme', {
        filter: { kind: 'cmp', attr: 'displayName', op: 'eq', value: 'sales' },
        startIndex: 1,
        count: 10,
        members: true,
      });
      expect(byName.total).to.equal(1);
      expect(byName.groups[0]?.members).to.deep.equal([{ id: a.id, login: 'a' }]);
      const byMember = await store.groups.search('acme', {
        filter: { kind: 'cmp', attr: 'members.value', op: 'eq', value: String(a.id) },
        startIndex: 1,
        count: 10,
        members: false,
      });
      expect(byMember.groups.map((g) => g.displayName)).to.deep.equal(['Sales']);
      expect(byMember.groups[0]).to.not.have.property('members');
      const all = await store.groups.search('acme', { startIndex: 2, count: 5, members: false });
      expect(all).to.deep.include({ total: 2 });
      expect(all.groups.map((g) => g.displayName)).to.deep.equal(['Support']);
      expect(await store.groups.delete('acme', sales.id)).to.equal(true);
      expect(await store.groups.delete('acme', sales.id)).to.equal(false);
    });
  });

  describe('account settings and counters', () => {
    it('round-trips account settings per tenant', async () => {
      expect(await store.account.get('acme')).to.equal(undefined);
      await store.account.put('acme', { timezone: 'Europe/Athens', scimEnabled: true, scimTokenHash: 'h' }, T0);
      await store.account.put('acme', { timezone: 'UTC', scimEnabled: false, scimTokenHash: null }, at(1));
      expect(await store.account.get('acme')).to.deep.equal({ timezone: 'UTC', scimEnabled: false, scimTokenHash: null });
    });

    it('counts concurrent rate-limit hits exactly and starts again in a new window', async () => {
      const hits = await Promise.all(Array.from({ length: 10 }, () => store.rateLimits.hit('scim:acme', T0)));
      expect([...hits].sort((x, y) => x - y)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await store.rateLimits.hit('scim:acme', at(60))).to.equal(1);
      expect(await store.rateLimits.hit('scim:globex', T0)).to.equal(1);
    });

    it('reserves login attempts atomically up to the limit and gives one back', async () => {
      await expectReservesUpToTheLimitAndReleases(store.loginThrottle, 'account:ann', T0);
    });
  });
}
