// The SSO endpoint's configuration cache (http/config-cache.ts): two IdP instances on one database (two stores on
// the same SQLite file or PostgreSQL database). A change written on one is served by the other from its next
// request on, because each request first reads the configuration version that the change bumped (by trigger).
import { testDatabaseServer } from '@samlbridge/test-support';
import { type DatabaseTarget, scratchEngines } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import type { ResolvedApplication } from '../../src/domain.js';
import { type ConfigCache, createConfigCache } from '../../src/http/config-cache.js';
import { NO_ASSERTION_ENCRYPTION } from '../../src/store/assertion-encryption.js';
import { createStore } from '../../src/store/index.js';
import { idpStoreTemplate } from '../../src/store/scratch-template.js';
import type { Store } from '../../src/store/types.js';
import { application, at } from '../store/fixtures.js';

// On PostgreSQL a copy of the migrated template per test: the tests are about the cache, not the migrations.
const engines = scratchEngines(() => testDatabaseServer(), 'idp_config_cache', { template: idpStoreTemplate });

for (const e of engines) {
  describe(`configuration cache across instances: ${e.name}`, () => {
    let opened: { target: DatabaseTarget; drop(): Promise<void> } | undefined;
    /** The instance that serves (its cache under test). */
    let here: Store;
    /** Another instance on the same database, where the admin writes. */
    let other: Store;
    let cache: ConfigCache;
    let applicationReads: number;
    let refreshedAt: number[];

    beforeEach(async () => {
      opened = await e.open();
      here = await createStore(opened.target);
      other = await createStore(opened.target);
      await other.applications.insert(application('a1', 'talentlms'));
      applicationReads = 0;
      refreshedAt = [];
      cache = createConfigCache({
        store: here,
        keys: { refreshAt: async (version) => void refreshedAt.push(version) },
        logger: pino({ level: 'silent' }),
        findApplicationByName: async (name) => {
          applicationReads += 1;
          const app = await here.applications.findByName(name);
          return app && ({ ...app, idpEntityId: 'idp', ssoUrl: 'sso', metadataUrl: 'md' } as ResolvedApplication);
        },
      });
    });
    afterEach(async () => {
      await here?.close();
      await other?.close();
      await opened?.drop();
    });

    /** One request's reads: the version first (the middleware), then the application. */
    async function request(name = 'talentlms') {
      await cache.refresh();
      return cache.application(name);
    }

    it('reads the application once while nothing in the configuration changes', async () => {
      for (let i = 0; i < 5; i++) expect((await request())?.displayLabel).to.equal('TALENTLMS');
      expect(applicationReads).to.equal(1);
    });

    it('serves an application changed on another instance from the next request on', async () => {
      expect((await request())?.displayLabel).to.equal('TALENTLMS');
      await other.applications.update('a1', { displayLabel: 'Renamed', ssoActive: false }, at(60));
      const app = await request();
      expect(app?.displayLabel).to.equal('Renamed');
      expect(app?.ssoActive).to.equal(false);
    });

    it('forgets an application deleted on another instance from the next request on', async () => {
      expect(await request()).to.not.equal(undefined);
      await other.applications.delete('a1');
      expect(await request()).to.equal(undefined);
    });

    it('serves "Encrypt assertion" turned on on another instance from the next request on', async () => {
      await cache.refresh();
      expect(await cache.assertionEncryption('a1')).to.equal(undefined);
      await other.assertionEncryption.put('a1', { ...NO_ASSERTION_ENCRYPTION, encryptAssertion: true, spEncryptionCertificatePem: 'pem' });
      await cache.refresh();
      expect((await cache.assertionEncryption('a1'))?.encryptAssertion).to.equal(true);
    });

    it('hands the keyring a new version after a signing-key write on another instance, and the same one otherwise', async () => {
      await cache.refresh();
      await cache.refresh();
      expect(new Set(refreshedAt).size).to.equal(1);
      await other.signingKeys.insert({
        id: 'k1',
        state: 'active',
        slot: 'active',
        certificatePem: 'pem',
        privateKeySealed: 'sealed',
        sha256: 'sha',
        notAfter: at(10_000),
        createdAt: at(0),
        activatedAt: at(0),
        retiredAt: null,
      });
      await cache.refresh();
      expect(new Set(refreshedAt).size).to.equal(2);
    });

    it('keeps no unknown application name: one created later on another instance is found at once', async () => {
      expect(await request('later')).to.equal(undefined);
      await other.applications.insert(application('a2', 'later'));
      expect((await request('later'))?.id).to.equal('a2');
    });
  });
}
