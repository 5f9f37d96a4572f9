// IdP → real SP over HTTP: every provisioning step of ARCHITECTURE.md §3 end to end.
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Json } from './json.js';
import { provisioningStackPerTest, SCIM_TOKEN, usersNamed } from './support.js';

describe('provisioning: IdP → TalentLMS-like SP over SCIM', function () {
  this.timeout(30000);
  const s = provisioningStackPerTest();

  const remote = async (name: string) => (await s.scim<Json>(usersNamed(name))).Resources[0];
  const d = () => s.idp.services.directory;

  it('activation against the real SP provisions the bound demo user', async () => {
    const u = await eventually(() => remote('demo.user'));
    expect(u).to.include({ userName: 'demo.user', active: true });
    expect(u.emails[0].value).to.equal('demo.user@example.com');
  });

  it('refuses activation with a wrong token, quoting the SP', async () => {
    const err = await s.idp.provisioning.idm.reauth(s.appId, { token: 'x' }, 't').catch((e) => e);
    expect(err.status).to.equal(409); // token only changes while deactivated
    await s.idp.provisioning.idm.deactivate(s.appId, 't');
    const refused = await s.idp.provisioning.idm.reauth(s.appId, { token: 'wrong-token' }, 't').catch((e) => e);
    expect(refused.code).to.equal('idm_verification_failed');
    expect(refused.message).to.include('HTTP 401');
    await s.idp.provisioning.idm.reauth(s.appId, { token: SCIM_TOKEN }, 't');
  });

  it('creates, updates (username too), deactivates, reactivates and pushes passwords', async () => {
    const ann = await d().createUser({ username: 'ann', email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' });
    await d().addMember(s.groupId, ann.id);
    await eventually(() => remote('ann'));
    await d().updateUser(ann.id, { username: 'ann.lee', email: 'ann.lee@example.com', lastName: 'Li' });
    const renamed = await eventually(async () => {
      const r = await remote('ann.lee');
      return r?.name?.familyName === 'Li' && r;
    });
    expect(renamed.emails[0].value).to.equal('ann.lee@example.com');
    expect(await remote('ann')).to.equal(undefined);
    await d().setUserStatus(ann.id, 'suspended');
    await eventually(async () => (await remote('ann.lee'))?.active === false);
    await d().setUserStatus(ann.id, 'active');
    await eventually(async () => (await remote('ann.lee'))?.active === true);
    await d().setPassword(ann.id, { password: 'pushed-password-1' });
    await eventually(async () => (await s.idp.provisioning.userStatus(s.appId, ann.id)).pendingChanges === 0);
    const status = await s.idp.provisioning.userStatus(s.appId, ann.id);
    expect(status).to.include({ lastSuccess: true, state: 'active' });
    await d().removeMember(s.groupId, ann.id);
    await eventually(async () => (await remote('ann.lee'))?.active === false);
  });

  it('handles names that need escaping in the lookup filter', async () => {
    const odd = await d().createUser({ username: 'o.brien+x@corp', email: 'ob@example.com', firstName: 'Pat', lastName: "O'Brien" });
    await d().addMember(s.groupId, odd.id);
    const r = await eventually(() => remote('o.brien+x@corp'));
    expect(r.name.familyName).to.equal("O'Brien");
  });

  it('links a user who already exists in the SP instead of duplicating it', async () => {
    const res = await fetch(`${s.scimUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'bo',
        emails: [{ value: 'bo@example.com', primary: true }],
        name: { givenName: 'B', familyName: 'O' },
      }),
    });
    expect(res.status).to.equal(201);
    const existing = (await res.json()) as { id: string };
    const bo = await d().createUser({ username: 'bo', email: 'bo@example.com', firstName: 'Bo', lastName: 'Ek' });
    await d().addMember(s.groupId, bo.id);
    await eventually(async () => (await s.idp.provisioning.userStatus(s.appId, bo.id)).remoteId === existing.id);
    await eventually(async () => (await remote('bo'))?.name?.givenName === 'Bo');
    expect((await s.scim<Json>(usersNamed('bo'))).totalResults).to.equal(1);
  });

  it('deletion in the IdP deactivates the SP user (kept, so its email stays reserved)', async () => {
    await eventually(() => remote('demo.user'));
    const demo = await d().findUserByUsername('demo.user');
    await d().deleteUser(demo!.id);
    await eventually(async () => (await remote('demo.user'))?.active === false);
  });

  it('pushes the bound group, takes over a same-name group, syncs member deltas, and unbinding deactivates uncovered members', async () => {
    // a same-name group already exists in the SP
    const res = await fetch(`${s.scimUrl}/Groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Designers' }),
    });
    expect(res.status).to.equal(201);
    const designers = await d().createGroup({ name: 'Designers' });
    const empty = await d().createGroup({ name: 'Empty' });
    const cy = await d().createUser({ username: 'cy', email: 'cy@example.com' });
    const di = await d().createUser({ username: 'di', email: 'di@example.com' });
    await d().addMember(designers.id, cy.id);
    await d().addMember(designers.id, di.id);
    await d().addMember(s.groupId, di.id); // di is also covered by the demo group
    await d().bindGroup(s.appId, designers.id);
    await d().bindGroup(s.appId, empty.id);
    const groups = async () => (await s.scim<Json>('/Groups')).Resources as Json[];
    const pushed = await eventually(async () => {
      const g = (await groups()).find((x) => x.displayName === 'Designers');
      return g?.members?.length === 2 && g;
    });
    expect((await groups()).filter((x) => x.displayName === 'Designers')).to.have.length(1); // taken over, not duplicated
    expect((await groups()).some((x) => x.displayName === 'Empty')).to.equal(false); // empty groups are not pushed
    await d().removeMember(designers.id, di.id);
    await eventually(async () => (await s.scim<Json>(`/Groups/${pushed.id}`)).members?.length === 1);
    await d().addMember(designers.id, di.id);
    await d().unbindGroup(s.appId, designers.id);
    await eventually(async () => (await remote('cy'))?.active === false);
    await s.idp.provisioning.worker.idle();
    expect((await remote('di')).active).to.equal(true); // still covered by the demo group
    const types = (await s.idp.services.events.list({ limit: 500 })).items.map((e) => e.type);
    expect(types).to.include.members(['group_update_provision', 'group_delete_provision', 'user_deprovision']);
  });

  it('loses nothing during an SP outage: changes made while it is down arrive once it is up', async () => {
    await eventually(() => remote('demo.user'));
    await s.stopSp();
    const names = ['o1', 'o2', 'o3', 'o4', 'o5'];
    for (const n of names) {
      const u = await d().createUser({ username: n, email: `${n}@example.com` });
      await d().addMember(s.groupId, u.id);
      await d().updateUser(u.id, { firstName: `F-${n}` });
    }
    // A user never pushed is created with one POST (a 409 falls back to a lookup): that POST fails while the SP is down.
    await eventually(async () => (await s.idp.services.events.list({ type: 'user_create_provision', success: false })).total > 0, {
      what: 'a failed delivery attempt while the SP is down',
    });
    await s.startSp();
    for (const n of names) {
      const r = await eventually(async () => {
        const x = await remote(n);
        return x?.name?.givenName === `F-${n}` && x;
      });
      expect(r.active).to.equal(true);
      expect((await s.scim<Json>(usersNamed(n))).totalResults).to.equal(1);
    }
  });
});
