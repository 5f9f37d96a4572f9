// The SSO-integration-type migration upgrades a database made by the previous named migration list in place, on both
// engines: every tenant's saved SSO settings keep SAML on (integration type saml2), nothing else changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type DatabaseTarget, migrateToLatest, openKysely } from '@samlbridge/web';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { defaultSettings, type SsoSettings } from '../../src/sso/settings.js';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import { SP_MIGRATIONS } from '../../src/store/migrations/index.js';

const STEP = '2026-12-03-130-sso-integration-type';
const SAVED: SsoSettings = {
  ...defaultSettings(),
  idpEntityId: 'https://idp.example.test/saml2/talentlms',
  certificateFingerprints: ['AB:'.repeat(19).concat('AB')],
  remoteSignInUrl: 'https://idp.example.test/saml2/talentlms',
};

/** A database as the previous release left it (every named step before this one), holding saved SSO settings. */
async function previousRelease(target: DatabaseTarget): Promise<void> {
  const at = SP_MIGRATIONS.steps.findIndex((s) => s.name === STEP);
  expect(at).to.be.greaterThan(-1);
  const database = await openKysely<Database>(target);
  try {
    await migrateToLatest(database, { ...SP_MIGRATIONS, steps: SP_MIGRATIONS.steps.slice(0, at) });
    const { db, dialect } = database;
    await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto('sso_settings')
      .values({ tenant: 'default', data: dialect.toDbJson(SAVED), updated_at: dialect.toDbDate(new Date('2026-11-01T10:00:00Z')) })
      .execute();
  } finally {
    await database.close();
  }
}

async function expectSamlKeptOn(target: DatabaseTarget): Promise<void> {
  const store = await createStore(target);
  try {
    expect(await store.settings.get('default')).to.deep.equal({ ...SAVED, integrationType: 'saml2' });
    await store.settings.put('default', { ...SAVED, integrationType: 'none' }, new Date('2026-12-03T10:00:00Z'));
    expect((await store.settings.get('default'))?.integrationType).to.equal('none');
  } finally {
    await store.close();
  }
}

describe('SP SSO-integration-type migration', () => {
  it('upgrades a SQLite database in place: saved SSO settings keep SAML on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-sso-type-'));
    try {
      const target: DatabaseTarget = { kind: 'sqlite', file: join(dir, 'sp.db') };
      await previousRelease(target);
      await expectSamlKeptOn(target);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrades a PostgreSQL database in place: saved SSO settings keep SAML on', async () => {
    const database = await createScratchDatabase(testDatabaseServer(), 'sp_sso_type');
    try {
      const target: DatabaseTarget = { kind: 'postgres', url: database.url, poolSize: 2 };
      await previousRelease(target);
      await expectSamlKeptOn(target);
    } finally {
      await database.drop();
    }
  });
});
