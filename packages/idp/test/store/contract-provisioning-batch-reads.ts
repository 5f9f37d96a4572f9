// IdP Store contract: the provisioning planner's batched reads (store/provisioning-batch-reads.ts), on both engines.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { application, at, T0, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function provisioningBatchReadsContract(store: Store) {
  describe('provisioning batched reads', () => {
    const group = (id: string) => store.groups.insert({ id, name: id, description: '', createdAt: T0 });

    it('lists the members of a group that no group bound to the application holds yet, in id order', async () => {
      await store.applications.insert(application('a1', 'talentlms'));
      await store.applications.insert(application('a2', 'other'));
      for (const g of ['bound', 'new', 'elsewhere']) await group(g);
      for (const [id, name] of [
        ['u3', 'cy'],
        ['u1', 'ann'],
        ['u2', 'bo'],
        ['u4', 'di'],
      ])
        await store.users.insert(user(id as string, name as string));
      await store.applications.bindGroup('a1', 'bound');
      await store.applications.bindGroup('a2', 'elsewhere');
      await store.groups.addMember('bound', 'u2');
      for (const u of ['u3', 'u2', 'u1', 'u4']) await store.groups.addMember('new', u);
      await store.groups.addMember('elsewhere', 'u4');
      // u2 is bound through "bound"; u4's other group is bound to another application only.
      expect(await store.provisioningBatchReads.membersNotBound('a1', 'new')).to.deep.equal(['u1', 'u3', 'u4']);
      expect(await store.provisioningBatchReads.membersNotBound('a2', 'new')).to.deep.equal(['u1', 'u2', 'u3']);
      expect(await store.provisioningBatchReads.membersNotBound('a1', 'missing')).to.deep.equal([]);
    });

    it('reads the users of more ids than one IN list takes, leaving out ids that do not exist', async () => {
      await store.users.insert(user('u-0001', 'ann', { firstName: 'Ann' }));
      await store.users.insert(user('u-1199', 'bo'));
      const ids = Array.from({ length: 1200 }, (_, i) => `u-${String(i).padStart(4, '0')}`);
      const found = await store.provisioningBatchReads.usersByIds(ids);
      expect([...found.keys()].sort()).to.deep.equal(['u-0001', 'u-1199']);
      expect(found.get('u-0001')).to.deep.equal(await store.users.get('u-0001'));
    });

    it('reads the held passwords of many users, only those not expired', async () => {
      for (const [id, name] of [
        ['u1', 'ann'],
        ['u2', 'bo'],
        ['u3', 'cy'],
      ])
        await store.users.insert(user(id as string, name as string));
      await store.pendingPasswords.put('u1', 'sealed-1', at(60));
      await store.pendingPasswords.put('u2', 'sealed-2', at(10));
      const held = await store.provisioningBatchReads.heldPasswords(
        ['u1', 'u2', 'u3', ...Array.from({ length: 600 }, (_, i) => `x${i}`)],
        at(30),
      );
      expect([...held.entries()]).to.deep.equal([['u1', 'sealed-1']]);
    });
  });
}
