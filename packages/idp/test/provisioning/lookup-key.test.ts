// The IdP's SCIM lookup by userName takes only a user with the same usernameKey, whatever the SP matches.
import { expect } from 'chai';
import { createScimClient } from '../../src/provisioning/scim-client.js';
import { type FakeScim, startFakeScim } from './fake-scim.js';

describe('SCIM lookup by userName (IdP side)', () => {
  let scim: FakeScim;
  beforeEach(async () => {
    scim = await startFakeScim();
  });
  afterEach(() => scim.close());

  /** An SP whose `userName eq` ignores accents: it answers `resources` to every lookup. */
  const looseSp = (resources: { id: string; userName: string }[]) =>
    scim.fail({ status: 200, body: { totalResults: resources.length, Resources: resources }, match: (r) => r.query.has('filter') });

  it('takes the user whose userName has the same key, not the first one the SP returns', async () => {
    looseSp([
      { id: '1', userName: 'elodie' },
      { id: '2', userName: 'ÉLODIE' },
    ]);
    const client = createScimClient({ baseUrl: scim.url, token: scim.token });
    expect((await client.findUserByUserName('élodie'))?.id).to.equal('2');
  });

  it('finds nothing when the SP returns only users with another key (never links another person)', async () => {
    looseSp([{ id: '1', userName: 'elodie' }]);
    const client = createScimClient({ baseUrl: scim.url, token: scim.token });
    expect(await client.findUserByUserName('élodie')).to.equal(undefined);
  });
});
