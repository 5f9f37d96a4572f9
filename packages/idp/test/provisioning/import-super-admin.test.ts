// Import from the application never offers the application's own Super Admin (TalentLMS userType SuperAdmin,
// however it is spelled): not listed as New or Imported, refused by ID, skipped by the hourly schedule, and
// never linked to a directory user of the same name.

import { SCIM_SCHEMAS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { startImportSetup } from './import-setup.js';

describe('provisioning import: the application Super Admin is never imported', function () {
  this.timeout(20000);
  const clock = fixedClock(new Date('2030-01-01T09:00:00Z'));
  beforeEach(() => clock.set(new Date('2030-01-01T09:00:00Z')));
  const setup = suiteFixture(() => startImportSetup(clock), { each: true });

  beforeEach(() => {
    remoteUser('r-admin', 'admin', 'SuperAdmin');
    remoteUser('r-spaced', 'owner', 'super admin');
    remoteUser('r-upper', 'root', 'SUPER-ADMIN');
    remoteUser('r-learner', 'learner.one', 'Learner-Type');
  });

  function remoteUser(id: string, userName: string, userType: string) {
    setup.scim.users.set(id, {
      id,
      userName,
      name: { givenName: 'R', familyName: id },
      emails: [{ value: `${userName}@example.com`, primary: true }],
      [SCIM_SCHEMAS.talentlmsUser]: { timezone: 'UTC', userType },
    });
  }
  const app = () => setup.idp.provisioning.idm.requireApp(setup.appId);
  const local = (userName: string) => setup.idp.services.directory.findUserByUsername(userName);

  it('lists neither as New nor as Imported a user whose userType is SuperAdmin, however it is spelled', async () => {
    const all = await setup.idp.provisioning.importer.list(await app(), {});
    expect(all.items.map((u) => u.userName)).to.deep.equal(['learner.one']);
    expect(all.totalResults).to.equal(1);
    const fresh = await setup.idp.provisioning.importer.list(await app(), { newOnly: true });
    expect(fresh.items.map((u) => u.userName)).to.deep.equal(['learner.one']);
    expect(fresh.totalResults).to.equal(1);
  });

  it('refuses to import the Super Admin by ID, with a reason, and creates no directory user', async () => {
    const { results } = (await setup.idp.provisioning.importer.importUsers(
      await app(),
      ['r-admin', 'r-spaced', 'r-learner'],
      'admin:test',
    )) as {
      results: { remoteId: string; outcome: string; error?: string }[];
    };
    expect(results.map((r) => [r.remoteId, r.outcome])).to.deep.equal([
      ['r-admin', 'failed'],
      ['r-spaced', 'failed'],
      ['r-learner', 'imported'],
    ]);
    expect(results[0]?.error).to.include('Super Admin');
    expect(await local('admin')).to.equal(undefined);
    expect(await local('owner')).to.equal(undefined);
    expect(await local('learner.one')).to.not.equal(undefined);
  });

  it('never links a directory user to the Super Admin, even one with the same username', async () => {
    const user = await setup.idp.services.directory.createUser({ username: 'admin', email: 'admin.person@example.com' });
    const all = await setup.idp.provisioning.importer.list(await app(), {});
    expect(all.items.map((u) => u.userName)).to.not.include('admin');
    const { results } = (await setup.idp.provisioning.importer.importUsers(await app(), ['r-admin'], 'admin:test')) as {
      results: { outcome: string }[];
    };
    expect(results[0]?.outcome).to.equal('failed');
    expect(await setup.idp.store.provisioningLinks.get(setup.appId, 'user', user.id)).to.equal(undefined);
    expect(await setup.idp.store.provisioningLinks.findByRemoteId(setup.appId, 'user', 'r-admin')).to.equal(undefined);
  });

  it('the hourly schedule imports the New users but never the Super Admin', async () => {
    await setup.idp.provisioning.importer.runScheduled();
    expect(await local('learner.one')).to.not.equal(undefined);
    for (const userName of ['admin', 'owner', 'root']) expect(await local(userName), userName).to.equal(undefined);
  });
});
