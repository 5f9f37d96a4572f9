// The ACS signs in only accounts the identity provider manages (created by SSO just in time, or over SCIM):
// never the Super Admin, never an account created locally, and it never changes such an account's profile.
// Runs on both stores: a SQLite file and a PostgreSQL database.
import { scratchDatabaseFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { afterEach, beforeEach, describe, it } from 'mocha';
import type { LmsUser, NewUser } from '../../src/store/types.js';
import { expectRejected } from '../helpers/expect-rejected.js';
import { type Harness, sessionOf, startSp } from '../helpers/harness.js';
import { migratedSpDatabase } from '../helpers/scratch-database.js';

const ADMIN_PASSWORD = 'super-admin-password';
const TENANT = 'default';

const profile = (login: string, first = 'Eve', last = 'Mallory', email = `${login.toLowerCase()}@idp.example.test`) => ({
  assertion: {
    nameId: login,
    attributes: [
      { name: 'Username', values: [login] },
      { name: 'FirstName', values: [first] },
      { name: 'LastName', values: [last] },
      { name: 'Email', values: [email] },
    ],
  },
});

/** The stored row with the fields SSO must not change. */
const snapshot = (u: LmsUser | undefined) =>
  u && {
    login: u.login,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    updatedAt: u.updatedAt.toISOString(),
    lastLoginAt: u.lastLoginAt,
  };

function ssoAccountSuite(engine: string, databaseUrl: () => Promise<string | undefined>) {
  describe(`ACS: only accounts managed by the identity provider sign in through SSO (${engine})`, () => {
    let h: Harness;
    beforeEach(async () => {
      const url = await databaseUrl();
      h = await startSp({ config: { adminPassword: ADMIN_PASSWORD, ...(url ? { databaseUrl: url } : {}) } });
    });
    afterEach(async () => h?.close());

    const user = (login: string) => h.sp.store.users.findByLogin(TENANT, login);
    const create = (login: string, extra: Partial<NewUser>) =>
      h.sp.store.users.create(
        {
          tenant: TENANT,
          login,
          email: `${login}@lms.example.test`,
          firstName: 'Local',
          lastName: 'Person',
          role: 'learner',
          createdVia: 'sso',
          passwordHash: null,
          ...extra,
        },
        h.clock.now(),
      );

    it('refuses SSO as the Super Admin with 403 and an account_not_sso_managed audit event, and leaves the Super Admin unchanged', async () => {
      const admin = await h.sp.services.users.verifyLocal(TENANT, 'admin', ADMIN_PASSWORD);
      expect(admin?.role).to.equal('superadmin');
      const before = snapshot(await user('admin'));
      h.clock.advance(60_000);

      const refused = await h.postAcs(h.responseXml(profile('admin', 'Evil', 'Twin', 'evil@idp.example.test')));
      await expectRejected(h, refused, 'account_not_sso_managed');
      const { events } = (await (await h.api('GET', '/api/admin/events?limit=1')).json()) as { events: { user: string }[] };
      expect(events[0]).to.include({ user: 'admin' });
      expect(snapshot(await user('admin'))).to.deep.equal(before);
      expect((await h.sp.services.users.verifyLocal(TENANT, 'admin', ADMIN_PASSWORD))?.role).to.equal('superadmin');
    });

    it('refuses SSO as the Super Admin whatever the case of the login', async () => {
      await h.sp.services.users.verifyLocal(TENANT, 'admin', ADMIN_PASSWORD);
      const before = snapshot(await user('admin'));
      await expectRejected(h, await h.postAcs(h.responseXml(profile('ADMIN'))), 'account_not_sso_managed');
      expect(snapshot(await user('admin'))).to.deep.equal(before);
    });

    it('refuses SSO as the Super Admin login before the Super Admin ever signed in, and creates no account under it', async () => {
      await expectRejected(h, await h.postAcs(h.responseXml(profile('Admin'))), 'account_not_sso_managed');
      expect(await user('admin')).to.equal(undefined);
      expect((await h.sp.services.users.verifyLocal(TENANT, 'admin', ADMIN_PASSWORD))?.role).to.equal('superadmin');
    });

    it('explains the refusal to the person: the account is not managed by single sign-on, ask the administrator', async () => {
      await h.sp.services.users.verifyLocal(TENANT, 'admin', ADMIN_PASSWORD);
      const refused = await h.postAcs(h.responseXml(profile('admin')));
      expect(refused.res.status).to.equal(403);
      expect(refused.body).to.include('Single sign-on failed');
      expect(refused.body).to.include('cannot sign in through single sign-on');
      expect(refused.body).to.include('administrator');
    });

    it('refuses SSO for an account created locally, even one with a password, and leaves its profile unchanged', async () => {
      await create('local.person', { createdVia: 'local', passwordHash: 'scrypt$not-used' });
      const before = snapshot(await user('local.person'));
      const refused = await h.postAcs(h.responseXml(profile('local.person')));
      await expectRejected(h, refused, 'account_not_sso_managed');
      expect(snapshot(await user('local.person'))).to.deep.equal(before);
    });

    it('refuses SSO for any account whose role is Super Admin, whatever its origin says', async () => {
      await create('second.admin', { role: 'superadmin', createdVia: 'sso' });
      const before = snapshot(await user('second.admin'));
      await expectRejected(h, await h.postAcs(h.responseXml(profile('second.admin'))), 'account_not_sso_managed');
      expect(snapshot(await user('second.admin'))).to.deep.equal(before);
    });

    it('signs in a user provisioned over SCIM and re-syncs their profile', async () => {
      await create('scim.person', { createdVia: 'scim' });
      const { res, jar } = await h.postAcs(h.responseXml(profile('scim.person', 'Sam', 'Provisioned')));
      expect(res.status).to.equal(303);
      expect(await sessionOf(h, jar)).to.include({ login: 'scim.person', firstName: 'Sam', lastName: 'Provisioned', signedInVia: 'sso' });
      expect(await user('scim.person')).to.include({ firstName: 'Sam', email: 'scim.person@idp.example.test', createdVia: 'scim' });
    });

    it('creates a user just in time and signs them in again on their next login', async () => {
      const first = await h.postAcs(h.responseXml(profile('jit.person', 'Jit', 'One')));
      expect(first.res.status).to.equal(303);
      expect(await user('jit.person')).to.include({ createdVia: 'sso', role: 'learner' });
      const again = await h.postAcs(h.responseXml(profile('jit.person', 'Jit', 'Two')));
      expect(again.res.status).to.equal(303);
      expect(await sessionOf(h, again.jar)).to.include({ login: 'jit.person', lastName: 'Two' });
    });
  });
}

ssoAccountSuite('SQLite', async () => undefined);

describe('on PostgreSQL', () => {
  const database = scratchDatabaseFixture(() => migratedSpDatabase('sp_acs_accounts'));
  ssoAccountSuite('PostgreSQL', async () => {
    await database.reset();
    return database.url;
  });
});
