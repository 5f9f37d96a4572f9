// IdP Store contract, per-application SSO settings kept beside the application row: "Encrypt assertion"
// (application_assertion_encryption), persistent NameIDs (saml-core §8.3.7, persistent_name_ids) and the NameID
// format / RelayState options (application_sso_options). Each goes with its application (and user).
import { expect } from 'chai';
import type { AssertionEncryptionSettings } from '../../src/store/assertion-encryption.js';
import type { Store } from '../../src/store/types.js';
import { application, at, rejection, user } from './fixtures.js';

const ENCRYPTION: AssertionEncryptionSettings = {
  encryptAssertion: true,
  spEncryptionCertificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  blockEncryption: 'aes128-gcm',
  keyTransport: 'rsa-oaep-sha256',
};
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function ssoSettingsContract(store: Store) {
  async function twoAppsTwoUsers() {
    await store.applications.insert(application('a1', 'lms'));
    await store.applications.insert(application('a2', 'wiki'));
    await store.users.insert(user('u1', 'ann'));
    await store.users.insert(user('u2', 'bob'));
  }

  describe('assertion encryption settings', () => {
    it('has no settings for an application until they are put, then reads back every field', async () => {
      await twoAppsTwoUsers();
      expect(await store.assertionEncryption.get('a1')).to.equal(undefined);
      await store.assertionEncryption.put('a1', ENCRYPTION);
      expect(await store.assertionEncryption.get('a1')).to.deep.equal(ENCRYPTION);
      expect(await store.assertionEncryption.get('a2')).to.equal(undefined);
    });

    it('replaces the settings of an application on a second put', async () => {
      await twoAppsTwoUsers();
      await store.assertionEncryption.put('a1', ENCRYPTION);
      const off = { ...ENCRYPTION, encryptAssertion: false, blockEncryption: 'aes256-cbc' as const };
      await store.assertionEncryption.put('a1', off);
      expect(await store.assertionEncryption.get('a1')).to.deep.equal(off);
    });

    it('deletes the settings with their application', async () => {
      await twoAppsTwoUsers();
      await store.assertionEncryption.put('a1', ENCRYPTION);
      await store.assertionEncryption.put('a2', ENCRYPTION);
      expect(await store.applications.delete('a1')).to.equal(true);
      expect(await store.assertionEncryption.get('a1')).to.equal(undefined);
      expect(await store.assertionEncryption.get('a2')).to.deep.equal(ENCRYPTION);
    });
  });

  describe('persistent NameIDs', () => {
    it('keeps the first value of a user at an application: a later candidate does not replace it', async () => {
      await twoAppsTwoUsers();
      expect(await store.persistentNameIds.get('a1', 'u1')).to.equal(undefined);
      expect(await store.persistentNameIds.getOrCreate('a1', 'u1', 'first', at(1))).to.equal('first');
      expect(await store.persistentNameIds.getOrCreate('a1', 'u1', 'second', at(2))).to.equal('first');
      expect(await store.persistentNameIds.get('a1', 'u1')).to.equal('first');
    });

    it('gives two racing writers for one user and application the same value', async () => {
      await twoAppsTwoUsers();
      const values = await Promise.all(['x', 'y', 'z'].map((c) => store.persistentNameIds.getOrCreate('a1', 'u1', c, at(1))));
      expect(new Set(values).size).to.equal(1);
    });

    it('keeps one value per application: the same user has another value at another application', async () => {
      await twoAppsTwoUsers();
      await store.persistentNameIds.getOrCreate('a1', 'u1', 'v-a1', at(1));
      await store.persistentNameIds.getOrCreate('a2', 'u1', 'v-a2', at(1));
      expect(await store.persistentNameIds.get('a1', 'u1')).to.equal('v-a1');
      expect(await store.persistentNameIds.get('a2', 'u1')).to.equal('v-a2');
      expect(await store.persistentNameIds.get('a1', 'u2')).to.equal(undefined);
    });

    it('refuses a value that another user or application already has (values are never shared)', async () => {
      await twoAppsTwoUsers();
      await store.persistentNameIds.getOrCreate('a1', 'u1', 'taken', at(1));
      await rejection(store.persistentNameIds.getOrCreate('a1', 'u2', 'taken', at(2)));
      await rejection(store.persistentNameIds.getOrCreate('a2', 'u1', 'taken', at(2)));
      expect(await store.persistentNameIds.get('a1', 'u2')).to.equal(undefined);
      expect(await store.persistentNameIds.get('a2', 'u1')).to.equal(undefined);
    });

    it('deletes the values of a user with the user, and those of an application with the application', async () => {
      await twoAppsTwoUsers();
      await store.persistentNameIds.getOrCreate('a1', 'u1', 'a1-u1', at(1));
      await store.persistentNameIds.getOrCreate('a1', 'u2', 'a1-u2', at(1));
      await store.persistentNameIds.getOrCreate('a2', 'u2', 'a2-u2', at(1));
      expect(await store.users.delete('u1')).to.equal(true);
      expect(await store.persistentNameIds.get('a1', 'u1')).to.equal(undefined);
      expect(await store.applications.delete('a2')).to.equal(true);
      expect(await store.persistentNameIds.get('a2', 'u2')).to.equal(undefined);
      expect(await store.persistentNameIds.get('a1', 'u2')).to.equal('a1-u2');
      // A user created later with the deleted user's ID does not inherit the old value.
      await store.users.insert(user('u1', 'ann2'));
      expect(await store.persistentNameIds.getOrCreate('a1', 'u1', 'fresh', at(3))).to.equal('fresh');
    });
  });

  describe('application SSO options', () => {
    it('reads back a null format list (the default) and an explicit list, with the RelayState allow-list', async () => {
      await twoAppsTwoUsers();
      expect(await store.ssoOptions.get('a1')).to.equal(undefined);
      await store.ssoOptions.put('a1', { allowedNameIdFormats: null, allowedRelayStates: [] }, at(1));
      await store.ssoOptions.put(
        'a2',
        { allowedNameIdFormats: [EMAIL, PERSISTENT], allowedRelayStates: ['https://lms.example.test/courses/*'] },
        at(1),
      );
      expect(await store.ssoOptions.get('a1')).to.deep.equal({ allowedNameIdFormats: null, allowedRelayStates: [] });
      expect(await store.ssoOptions.get('a2')).to.deep.equal({
        allowedNameIdFormats: [EMAIL, PERSISTENT],
        allowedRelayStates: ['https://lms.example.test/courses/*'],
      });
    });

    it('replaces the options of an application on a second put, an empty format list staying empty', async () => {
      await twoAppsTwoUsers();
      await store.ssoOptions.put('a1', { allowedNameIdFormats: [EMAIL], allowedRelayStates: ['https://x.test/a'] }, at(1));
      await store.ssoOptions.put('a1', { allowedNameIdFormats: [], allowedRelayStates: [] }, at(2));
      expect(await store.ssoOptions.get('a1')).to.deep.equal({ allowedNameIdFormats: [], allowedRelayStates: [] });
    });

    it('deletes the options with their application', async () => {
      await twoAppsTwoUsers();
      await store.ssoOptions.put('a1', { allowedNameIdFormats: [EMAIL], allowedRelayStates: [] }, at(1));
      await store.ssoOptions.put('a2', { allowedNameIdFormats: [EMAIL], allowedRelayStates: [] }, at(1));
      expect(await store.applications.delete('a1')).to.equal(true);
      expect(await store.ssoOptions.get('a1')).to.equal(undefined);
      expect(await store.ssoOptions.get('a2')).to.deep.equal({ allowedNameIdFormats: [EMAIL], allowedRelayStates: [] });
    });
  });
}
