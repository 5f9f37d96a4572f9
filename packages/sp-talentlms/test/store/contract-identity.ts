// SP Store contract: logins and emails compared by usernameKey / emailKey (@samlbridge/protocol,
// RFC 8265 §3.3) for lookups, uniqueness and the SCIM filters; resource IDs never given twice.
import { expect } from 'chai';
import type { CompareOp, FilterNode, UserAttr } from '../../src/store/filter.js';
import type { Store } from '../../src/store/types.js';
import { at, newUser, T0, uniqueViolation, userFields } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function identityContract(store: Store) {
  const cmp = (attr: UserAttr, op: CompareOp, value: string): FilterNode<UserAttr> => ({ kind: 'cmp', attr, op, value });
  const logins = async (filter: FilterNode<UserAttr>) =>
    (await store.users.search('acme', { filter, startIndex: 1, count: 10 })).users.map((u) => u.login);

  describe('identity keys', () => {
    it('refuses a login that differs only in the case of a non-ASCII letter, in width or in accent encoding', async () => {
      await store.users.create(newUser('ÉLODIE1', { email: 'elodie1@example.test' }), T0);
      await uniqueViolation(store.users.create(newUser('élodie1', { email: 'a@example.test' }), T0), 'login');
      await uniqueViolation(store.users.create(newUser('E\u0301lodie1', { email: 'b@example.test' }), T0), 'login');
      await store.users.create(newUser('demo.user'), T0);
      await uniqueViolation(store.users.create(newUser('ｄｅｍｏ.user', { email: 'c@example.test' }), T0), 'login');
      expect((await store.users.list('acme')).map((u) => u.login)).to.deep.equal(['demo.user', 'ÉLODIE1']);
    });

    it('refuses an email that differs only in the case of a non-ASCII letter or in width', async () => {
      await store.users.create(newUser('ann', { email: 'Åsa@Example.test' }), T0);
      await uniqueViolation(store.users.create(newUser('bob', { email: 'åsa@example.test' }), T0), 'email');
      await store.users.create(newUser('eve', { email: 'eve@example.test' }), T0);
      await uniqueViolation(store.users.create(newUser('carol', { email: 'ｅｖｅ@example.test' }), T0), 'email');
    });

    it('finds a user by any spelling of the login with the same key; keeps a Cyrillic lookalike apart', async () => {
      const elodie = await store.users.create(newUser('ÉLODIE1', { email: 'elodie1@example.test' }), T0);
      for (const spelling of ['élodie1', 'E\u0301LODIE1', 'Ｅ\u0301ＬＯＤＩＥ1']) {
        expect((await store.users.findByLogin('acme', spelling))?.id, spelling).to.equal(elodie.id);
      }
      await store.users.create(newUser('demo.user'), T0);
      const cyrillic = await store.users.create(newUser('dеmo.user', { email: 'cyrillic@example.test' }), T0);
      expect((await store.users.findByLogin('acme', 'dеmo.user'))?.id).to.equal(cyrillic.id);
    });

    it('filters userName eq/sw/co/ew and emails.value eq by the key (caseExact=false, RFC 7643 §4.1.1)', async () => {
      await store.users.create(newUser('ÉLODIE1', { email: 'Élodie@Example.test' }), T0);
      await store.users.create(newUser('bob'), T0);
      expect(await logins(cmp('userName', 'eq', 'élodie1'))).to.deep.equal(['ÉLODIE1']);
      expect(await logins(cmp('userName', 'eq', 'ｅ\u0301ｌｏｄｉｅ１'))).to.deep.equal(['ÉLODIE1']);
      expect(await logins(cmp('userName', 'sw', 'élo'))).to.deep.equal(['ÉLODIE1']);
      expect(await logins(cmp('userName', 'co', 'ÉLOD'))).to.deep.equal(['ÉLODIE1']);
      expect(await logins(cmp('userName', 'ew', 'DIE1'))).to.deep.equal(['ÉLODIE1']);
      expect(await logins(cmp('userName', 'ne', 'élodie1'))).to.deep.equal(['bob']);
      expect(await logins(cmp('emails.value', 'eq', 'élodie@example.TEST'))).to.deep.equal(['ÉLODIE1']);
    });

    it('follows a login change in replace: the old key is free again', async () => {
      const u = await store.users.create(newUser('ÅSA', { email: 'asa@example.test' }), T0);
      await store.users.replace('acme', u.id, userFields('Bodil', 'bodil@example.test', { firstName: 'B', lastName: 'L' }), at(1));
      await store.users.create(newUser('åsa', { email: 'asa2@example.test' }), T0);
      expect((await store.users.findByLogin('acme', 'BODIL'))?.id).to.equal(u.id);
      expect(await store.users.identityConflicts()).to.deep.equal([]);
    });
  });

  describe('resource IDs are never given twice (RFC 7643 §3.1)', () => {
    it('gives a new group a new ID after the newest group was deleted', async () => {
      const first = await store.groups.create({ tenant: 'acme', displayName: 'One', externalId: null, memberIds: [] }, T0);
      const second = await store.groups.create({ tenant: 'acme', displayName: 'Two', externalId: null, memberIds: [] }, T0);
      expect(await store.groups.delete('acme', second.id)).to.equal(true);
      const third = await store.groups.create({ tenant: 'acme', displayName: 'Three', externalId: null, memberIds: [] }, T0);
      expect(third.id).to.be.above(second.id);
      expect(await store.groups.delete('acme', third.id)).to.equal(true);
      expect(await store.groups.delete('acme', first.id)).to.equal(true);
      const fourth = await store.groups.create({ tenant: 'acme', displayName: 'Four', externalId: null, memberIds: [] }, T0);
      expect(fourth.id).to.be.above(third.id);
    });

    it('gives a new user a new ID after the newest user was purged', async () => {
      await store.users.create(newUser('ann'), T0);
      const bob = await store.users.create(newUser('bob'), T0);
      await store.users.trash('acme', bob.id, at(1));
      expect(await store.users.purge('acme', bob.id)).to.equal(true);
      const carol = await store.users.create(newUser('carol'), T0);
      expect(carol.id).to.be.above(bob.id);
    });
  });
}
