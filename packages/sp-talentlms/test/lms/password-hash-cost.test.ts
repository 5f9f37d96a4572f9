// SP_PASSWORD_HASH_COST: the scrypt cost (log2 N) of the Super Admin's hash made at start-up.
import { expect } from 'chai';
import { startSp } from '../helpers/harness.js';

describe('SP password hashes at the passwordHashCost setting', function () {
  this.timeout(20_000);

  it('hashes the Super Admin at the configured cost, and the Super Admin signs in with it', async () => {
    const h = await startSp({ config: { passwordHashCost: 11 } });
    try {
      const { adminUser, adminPassword } = h.sp.config;
      expect(await h.sp.services.users.verifyLocal('default', adminUser, adminPassword)).to.include({ login: adminUser });
      const stored = await h.sp.store.users.findByLogin('default', adminUser);
      expect(stored?.passwordHash?.split('$')[1]).to.equal(String(2 ** 11));
    } finally {
      await h.close();
    }
  });
});
