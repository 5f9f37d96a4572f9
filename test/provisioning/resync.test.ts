// Resync of one user (API + the portal's button): after a permanent failure is fixed at the
// application, the admin re-pushes the user and it arrives.

import { DEFAULT_TENANT } from '@samlbridge/sp-talentlms';
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Json } from './json.js';
import { provisioningStackPerTest, SCIM_TOKEN, usersNamed } from './support.js';

describe('provisioning: resync one user after a permanent failure', function () {
  this.timeout(30000);
  const s = provisioningStackPerTest();

  const api = async (method: string, path: string) => {
    const res = await fetch(`${s.idp.config.baseUrl}/api${path}`, { method, headers: { 'x-api-key': s.idp.config.adminApiKey } });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const scimWrite = (method: string, path: string, body?: unknown) =>
    fetch(`${s.scimUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('POST …/users/:userId/resync re-pushes a user whose create was rejected, once the SP is fixed', async () => {
    // The SP keeps a trashed user's email reserved: creating another user with it is refused (409).
    const old = await scimWrite('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'old.owner',
      emails: [{ value: 'shared@example.com', primary: true }],
    });
    const oldId = ((await old.json()) as { id: string }).id;
    expect((await scimWrite('DELETE', `/Users/${oldId}`)).status).to.equal(204);
    const d = s.idp.services.directory;
    const user = await d.createUser({ username: 'new.owner', email: 'shared@example.com' });
    await d.addMember(s.groupId, user.id);
    const failed = await eventually(async () => {
      const st = await s.idp.provisioning.userStatus(s.appId, user.id);
      return st.state === 'failed' && st;
    });
    expect(failed.lastError).to.include('409');

    await s.sp.services.users.purge(DEFAULT_TENANT, Number(oldId)); // the SP admin deletes the old user permanently
    const res = await api('POST', `/applications/talentlms/identity-management/users/${user.id}/resync`);
    expect(res.status).to.equal(202);
    expect(res.body).to.include({ userId: user.id, queued: 'user.upsert' });
    const remote = await eventually(async () => (await s.scim<Json>(usersNamed('new.owner'))).Resources[0]);
    expect(remote.emails[0].value).to.equal('shared@example.com');
    await eventually(async () => (await s.idp.provisioning.userStatus(s.appId, user.id)).state === 'active');
  });

  it('refuses with a reason: unknown user (404), user never assigned (409), integration inactive (409)', async () => {
    const missing = await api('POST', '/applications/talentlms/identity-management/users/nope/resync');
    expect(missing.status).to.equal(404);
    const loner = await s.idp.services.directory.createUser({ username: 'loner', email: 'loner@example.com' });
    const unassigned = await api('POST', `/applications/talentlms/identity-management/users/${loner.id}/resync`);
    expect(unassigned.status).to.equal(409);
    expect(unassigned.body.message).to.include('add them to a group bound to the application');
    await s.idp.provisioning.idm.deactivate(s.appId, 'test');
    const inactive = await api('POST', `/applications/talentlms/identity-management/users/${loner.id}/resync`);
    expect(inactive.status).to.equal(409);
    expect(inactive.body.message).to.include('is not active');
  });
});
