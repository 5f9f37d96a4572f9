import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient, problems } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';

describe('admin API: user fields may not be blanked', () => {
  const h = suiteFixture(() => startIdp());
  const api = apiClient(h);
  let id: string;
  before(async () => {
    id = (await api('POST', '/users', { username: 'blank.check', email: 'blank@example.com', firstName: 'Bea' })).body.id;
  });

  it('refuses an empty username and a whitespace-only email on PATCH, listing both, and saves nothing', async () => {
    const res = await api('PATCH', `/users/${id}`, { username: '', email: '   ', firstName: 'Changed' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('validation_failed');
    expect(problems(res)).to.deep.equal(['email: must not be empty', 'username: must not be empty']);
    expect(await h.idp.services.directory.getUser(id)).to.include({
      username: 'blank.check',
      email: 'blank@example.com',
      firstName: 'Bea',
    });
  });

  it('refuses a blank username or email on create with "must not be empty"', async () => {
    const res = await api('POST', '/users', { username: ' ', email: '' });
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal(['email: must not be empty', 'username: must not be empty']);
  });

  it('still lets first and last names be cleared (they are optional)', async () => {
    const res = await api('PATCH', `/users/${id}`, { firstName: '  ', lastName: '' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ firstName: '', lastName: '' });
  });

  it('refuses a blank group name on PATCH', async () => {
    const group = (await api('POST', '/groups', { name: 'Blankable' })).body;
    const res = await api('PATCH', `/groups/${group.id}`, { name: '   ' });
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal(['name: must not be empty']);
  });
});
