// SCIM and the LMS's Super Admin: SCIM may read the Super Admin but never change, delete, impersonate or
// create one, whatever the spelling of the Super Admin user type.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { createUser, expectScimError, newUser, patch, startScim, TLMS, USER_SCHEMA } from './scim-helpers.js';

const ADMIN_PASSWORD = 'super-admin-password';
const SPELLINGS = ['SuperAdmin', 'superadmin', 'Super Admin', 'super admin', 'SUPER-ADMIN', ' super_admin '];

describe('SCIM /Users and the Super Admin', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim({ config: { adminPassword: ADMIN_PASSWORD } }), { each: true });

  const superAdmin = async () => {
    const admin = await h.sp.services.users.verifyLocal('default', 'admin', ADMIN_PASSWORD);
    if (!admin) throw new Error('the Super Admin could not sign in');
    return admin;
  };

  it('shows the Super Admin read-only, as userType SuperAdmin: PUT, PATCH and DELETE are refused with 403 and change nothing', async () => {
    const admin = await superAdmin();
    const id = String(admin.id);
    const shown = await h.scim('GET', `/Users/${id}`);
    expect(shown.body[TLMS]).to.include({ userType: 'SuperAdmin' });

    expectScimError(await h.scim('PUT', `/Users/${id}`, newUser('admin', { id, name: { givenName: 'Evil' } })), 403);
    expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'name.givenName', value: 'Evil' })), 403);
    expectScimError(await h.scim('DELETE', `/Users/${id}`), 403);
    expect(await h.sp.store.users.findById('default', admin.id)).to.deep.include({
      login: 'admin',
      firstName: admin.firstName,
      email: admin.email,
      role: 'superadmin',
      deletedAt: null,
    });
  });

  it('refuses to create a user under the Super Admin login (409 uniqueness), even before the Super Admin ever signed in', async () => {
    expectScimError(await h.scim('POST', '/Users', newUser('Admin')), 409, 'uniqueness');
    expect(await h.sp.store.users.findByLogin('default', 'admin')).to.equal(undefined);
    expect((await superAdmin()).role).to.equal('superadmin');
    expectScimError(await h.scim('POST', '/Users', newUser('admin', { emails: [] })), 409, 'uniqueness');
  });

  it('refuses to rename a user to the Super Admin login with PUT or PATCH', async () => {
    const id = await createUser(h, 'would.be.admin');
    expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'userName', value: 'ADMIN' })), 409, 'uniqueness');
    expectScimError(await h.scim('PUT', `/Users/${id}`, { ...newUser('admin'), id, schemas: [USER_SCHEMA] }), 409, 'uniqueness');
    expect((await h.scim('GET', `/Users/${id}`)).body.userName).to.equal('would.be.admin');
  });

  it('refuses a userType naming the Super Admin however it is spelled, on POST, PUT and PATCH', async () => {
    const id = await createUser(h, 'learner.one');
    for (const userType of SPELLINGS) {
      expectScimError(
        await h.scim('POST', '/Users', newUser(`made.${SPELLINGS.indexOf(userType)}`, { [TLMS]: { userType } })),
        400,
        'invalidValue',
      );
      expectScimError(await h.scim('PUT', `/Users/${id}`, newUser('learner.one', { id, [TLMS]: { userType } })), 400, 'invalidValue');
      expectScimError(
        await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: `${TLMS}:userType`, value: userType })),
        400,
        'invalidValue',
      );
    }
    expect((await h.scim('GET', `/Users/${id}`)).body[TLMS]).to.include({ userType: 'Learner-Type' });
  });
});
