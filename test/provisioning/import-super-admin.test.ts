// End to end: the IdP's import from the real TalentLMS-like SP never offers the SP's Super Admin.
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Json } from './json.js';
import { provisioningStackPerTest } from './support.js';

describe('provisioning import from the real SP: the Super Admin is never offered', function () {
  this.timeout(30000);
  const s = provisioningStackPerTest();

  it('lists the SP users as New or Imported but never the Super Admin, and refuses to import it by ID', async () => {
    await eventually(async () => (await s.scim<Json>('/Users')).totalResults === 1); // demo.user provisioned
    const admin = await s.sp.services.users.verifyLocal('default', s.sp.config.adminUser, s.sp.config.adminPassword);
    expect(admin?.role).to.equal('superadmin');
    const shown = await s.scim<Json>(`/Users/${admin?.id}`);
    expect(shown['urn:ietf:params:scim:schemas:extension:talentlms:2.0:User'].userType).to.equal('SuperAdmin');

    const app = await s.idp.provisioning.idm.requireApp(s.appId);
    const all = await s.idp.provisioning.importer.list(app, {});
    expect(all.items.map((u) => [u.userName, u.status])).to.deep.equal([['demo.user', 'imported']]);
    expect(all.totalResults).to.equal(1);
    expect((await s.idp.provisioning.importer.list(app, { newOnly: true })).items).to.deep.equal([]);

    const done = await s.idp.provisioning.importer.importUsers(app, [String(admin?.id)], 'admin:test');
    expect(done.background).to.equal(false);
    if (done.background) return;
    expect(done.results[0]).to.include({ outcome: 'failed' });
    expect(await s.idp.services.directory.findUserByUsername(s.sp.config.adminUser)).to.equal(undefined);
  });
});
