import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { sessionOf, startSp } from '../helpers/harness.js';

const attributes = (login: string, email: string) => [
  { name: 'Username', values: [login] },
  { name: 'FirstName', values: ['Jane'] },
  { name: 'LastName', values: ['Doe'] },
  { name: 'Email', values: [email] },
];

describe('ACS: an email stays reserved by a user in the trash', () => {
  const h = suiteFixture(() => startSp());

  it('refuses to create a new SSO user whose email belongs to a trashed user, until that user is permanently deleted', async () => {
    const first = await h.postAcs(
      h.responseXml({ assertion: { nameId: 'jane.old', attributes: attributes('jane.old', 'jane@example.test') } }),
    );
    expect(first.res.status).to.equal(303);
    const old = (await h.sp.services.users.list('default')).find((u) => u.login === 'jane.old');
    expect(old).to.not.equal(undefined);
    expect(await h.sp.services.users.trash('default', old!.id)).to.equal(true);

    const refused = await h.postAcs(
      h.responseXml({ assertion: { nameId: 'jane.new', attributes: attributes('jane.new', 'jane@example.test') } }),
    );
    await expectRejected(h, refused, 'email_not_unique');
    expect(refused.body).to.contain('email is not unique');

    expect(await h.sp.services.users.purge('default', old!.id)).to.equal(true);
    const accepted = await h.postAcs(
      h.responseXml({ assertion: { nameId: 'jane.new', attributes: attributes('jane.new', 'jane@example.test') } }),
    );
    expect(accepted.res.status).to.equal(303);
    expect(await sessionOf(h, accepted.jar)).to.include({ login: 'jane.new', email: 'jane@example.test' });
  });
});
