// IDP_PASSWORD_HASH_COST: the scrypt cost (log2 N) of the password hashes the IdP makes — the admin's at first
// start, the demo user's, a password set later — while a hash made at another cost still signs in.
import { hashPassword } from '@samlbridge/web';
import { expect } from 'chai';
import { adminSignIn } from './helpers/admin.js';
import { DEMO_PASSWORD, signInThroughForm, startIdp } from './helpers/harness.js';

const costOf = (hash: string | null | undefined) => Number(hash?.split('$')[1]);

describe('IdP password hashes at the passwordHashCost setting', function () {
  this.timeout(20_000);

  it('hashes the admin and the demo user at the configured cost, and both sign in', async () => {
    const h = await startIdp({ passwordHashCost: 11 });
    try {
      const admin = await h.idp.store.admins.findByEmail(h.idp.config.adminEmail);
      const demo = await h.idp.store.users.findByUsername(h.idp.config.demoUser);
      expect([costOf(admin?.passwordHash), costOf(demo?.passwordHash)]).to.deep.equal([2 ** 11, 2 ** 11]);
      expect(await adminSignIn(h.client()))
        .to.be.a('string')
        .and.not.equal('');
      const res = await signInThroughForm(h.client(), '/login?next=/userconsole/', h.idp.config.demoUser, DEMO_PASSWORD);
      expect(res.headers.get('location')).to.equal('/userconsole/');
    } finally {
      await h.close();
    }
  });

  it('keeps verifying a hash made at another cost after the setting changes', async () => {
    const h = await startIdp({ passwordHashCost: 10 });
    try {
      const user = await h.idp.store.users.findByUsername(h.idp.config.demoUser);
      await h.idp.store.users.update(user?.id ?? '', { passwordHash: await hashPassword('made-at-twelve', 12) }, new Date());
      const res = await signInThroughForm(h.client(), '/login?next=/userconsole/', h.idp.config.demoUser, 'made-at-twelve');
      expect(res.headers.get('location')).to.equal('/userconsole/');
    } finally {
      await h.close();
    }
  });
});
