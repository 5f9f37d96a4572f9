// Reactivating an IdM integration catches up on what happened while it was deactivated: users
// unbound or deleted in the meantime end up inactive (or deleted) at the real SP.
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Json } from './json.js';
import { provisioningStackPerTest, SCIM_TOKEN, usersNamed } from './support.js';

describe('provisioning: reactivation deprovisions what changed while the integration was inactive', function () {
  this.timeout(30000);
  const s = provisioningStackPerTest();

  const remote = async (name: string) => (await s.scim<Json>(usersNamed(name))).Resources[0] as Json | undefined;
  const d = () => s.idp.services.directory;

  async function provisioned(...names: string[]) {
    const ids: string[] = [];
    for (const n of names) {
      const u = await d().createUser({ username: n, email: `${n}@example.com` });
      await d().addMember(s.groupId, u.id);
      ids.push(u.id);
    }
    for (const n of names) await eventually(async () => (await remote(n))?.active === true);
    await s.idp.provisioning.worker.idle();
    return ids;
  }

  it('reauth deactivates users unbound or deleted while deactivated, and keeps bound ones active', async () => {
    const [unbound, deleted] = (await provisioned('gone.unbound', 'gone.deleted', 'still.bound')) as [string, string, string];
    await s.idp.provisioning.idm.deactivate(s.appId, 'test');
    await d().removeMember(s.groupId, unbound);
    await d().deleteUser(deleted);
    await s.idp.provisioning.worker.idle();
    expect((await remote('gone.unbound'))?.active).to.equal(true); // nothing was sent while inactive
    await s.idp.provisioning.idm.reauth(s.appId, {}, 'test');
    await eventually(async () => (await remote('gone.unbound'))?.active === false);
    await eventually(async () => (await remote('gone.deleted'))?.active === false);
    await s.idp.provisioning.worker.idle();
    expect((await remote('still.bound'))?.active).to.equal(true);
    expect((await s.idp.provisioning.userStatus(s.appId, unbound)).state).to.equal('deactivated');
  });

  it('activate (Base URL + token again) deletes users deleted while deactivated when the admin chose deletion', async () => {
    const [deleted] = (await provisioned('to.delete')) as [string];
    await s.idp.provisioning.idm.deactivate(s.appId, 'test');
    await s.idp.provisioning.idm.update(s.appId, { deleteOnIdpDelete: true }, 'test');
    await d().deleteUser(deleted);
    await s.idp.provisioning.idm.activate(s.appId, { baseUrl: s.scimUrl, token: SCIM_TOKEN }, 'test');
    await eventually(async () => (await remote('to.delete')) === undefined);
    await s.idp.provisioning.worker.idle(); // the delivery's event is written once its row is settled
    const events = await s.idp.services.events.list({ type: 'user_delete_provision', success: true });
    expect(events.items.map((e) => e.resource)).to.include(`user:${deleted}`);
  });

  it('a second reactivation sends nothing for users already deactivated', async () => {
    const [unbound] = (await provisioned('once.only')) as [string];
    await s.idp.provisioning.idm.deactivate(s.appId, 'test');
    await d().removeMember(s.groupId, unbound);
    await s.idp.provisioning.idm.reauth(s.appId, {}, 'test');
    await eventually(async () => (await remote('once.only'))?.active === false);
    await s.idp.provisioning.worker.idle();
    const count = async () => (await s.idp.services.events.list({ type: 'user_deprovision', user: unbound })).total;
    const before = await count();
    await s.idp.provisioning.idm.deactivate(s.appId, 'test');
    await s.idp.provisioning.idm.reauth(s.appId, {}, 'test');
    await s.idp.provisioning.worker.idle();
    expect(await count()).to.equal(before);
  });
});
