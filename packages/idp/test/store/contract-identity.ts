// IdP Store contract, identity keys: usernames and emails compared by usernameKey / emailKey
// (@samlbridge/protocol, RFC 8265 §3.3) for lookups, uniqueness and search.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { at, expectConflict, rejection, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function identityContract(store: Store) {
  describe('identity keys', () => {
    it('refuses a full-width spelling of an existing username or email with a 409 conflict', async () => {
      await store.users.insert(user('u1', 'demo.user', { email: 'demo@example.test' }));
      expectConflict(await rejection(store.users.insert(user('u2', 'ｄｅｍｏ.user', { email: 'fw@example.test' }))), 'username');
      expectConflict(await rejection(store.users.insert(user('u3', 'other', { email: 'ｄｅｍｏ@example.test' }))), 'email');
      expect((await store.users.list({ limit: 10, offset: 0 })).total).to.equal(1);
    });

    it('refuses a username that differs only in the case or accent encoding of a non-ASCII letter', async () => {
      await store.users.insert(user('u1', 'ÉLODIE1'));
      expectConflict(await rejection(store.users.insert(user('u2', 'élodie1', { email: 'x@example.test' }))), 'username');
      expectConflict(await rejection(store.users.insert(user('u3', 'E\u0301lodie1', { email: 'y@example.test' }))), 'username');
    });

    it('finds a user by any spelling with the same key: width, case, composed or decomposed accents', async () => {
      await store.users.insert(user('u1', 'Élodie.Demo', { email: 'Élodie@Example.test' }));
      for (const spelling of ['élodie.demo', 'ÉLODIE.DEMO', 'E\u0301lodie.demo', 'Ｅ\u0301ｌｏｄｉｅ.ｄｅｍｏ']) {
        expect((await store.users.findByUsername(spelling))?.id, spelling).to.equal('u1');
      }
      expect((await store.users.findByEmail('ÉLODIE@example.TEST'))?.id).to.equal('u1');
    });

    it('keeps a Cyrillic lookalike a separate user (same look, different key)', async () => {
      await store.users.insert(user('u1', 'demo.user', { email: 'demo@example.test' }));
      await store.users.insert(user('u2', 'dеmo.user', { email: 'cyrillic@example.test' }));
      expect((await store.users.findByUsername('dеmo.user'))?.id).to.equal('u2');
      expect((await store.users.findByUsername('demo.user'))?.id).to.equal('u1');
    });

    it('follows a username change: the old key is free again and the new one is taken', async () => {
      await store.users.insert(user('u1', 'ÅSA'));
      await store.users.update('u1', { username: 'Bodil' }, at(1));
      expect(await store.users.findByUsername('åsa')).to.equal(undefined);
      expect((await store.users.findByUsername('BODIL'))?.id).to.equal('u1');
      await store.users.insert(user('u2', 'åsa', { email: 'asa2@example.test' }));
      expectConflict(await rejection(store.users.update('u2', { username: 'ＢＯＤＩＬ' }, at(2))), 'username');
    });

    it('searches by the key: a full-width or upper-case non-ASCII term finds the user', async () => {
      await store.users.insert(user('u1', 'élodie.demo'));
      await store.users.insert(user('u2', 'someone.else'));
      expect((await store.users.list({ limit: 10, offset: 0, search: 'ÉLODIE' })).items.map((u) => u.id)).to.deep.equal(['u1']);
      expect((await store.users.list({ limit: 10, offset: 0, search: 'ｄｅｍｏ' })).items.map((u) => u.id)).to.deep.equal(['u1']);
    });

    it('has no identity conflicts to report in a database it created', async () => {
      await store.users.insert(user('u1', 'demo.user'));
      expect(await store.users.identityConflicts()).to.deep.equal([]);
    });
  });
}
