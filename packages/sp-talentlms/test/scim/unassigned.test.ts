// Unassigned attributes (RFC 7643 §2.5, RFC 7644 §3.5.2.2): removed, not emptied; left out of responses; the LMS
// still names the user on its pages.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { displayNameOf } from '../../src/lms/display-name.js';
import { usersPage } from '../../src/views/lms-pages.js';
import { createUser, patch, startScim, USER_SCHEMA } from './scim-helpers.js';

describe('SCIM unassigned attributes', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());

  it('PATCH remove of name.givenName, displayName and emails leaves them out of the response, not ""', async () => {
    const id = await createUser(h, 'remove.me');
    const r = await h.scim(
      'PATCH',
      `/Users/${id}`,
      patch({ op: 'remove', path: 'name.givenName' }, { op: 'remove', path: 'displayName' }, { op: 'remove', path: 'emails' }),
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.name).to.deep.equal({ formatted: 'Given Family', familyName: 'Family' });
    expect(r.body).to.not.have.property('displayName');
    expect(r.body).to.not.have.property('emails');
    expect((await h.scim('GET', `/Users/${id}`)).body).to.not.have.property('displayName');
  });

  it('a user created with only a userName has no name, displayName or emails in its representation', async () => {
    const r = await h.scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'bare.user' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    for (const attr of ['name', 'displayName', 'emails']) expect(r.body, attr).to.not.have.property(attr);
    const listed = await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "bare.user"')}`);
    expect(listed.body.Resources?.[0]).to.not.have.property('name');
  });

  it('an unassigned attribute is not present to a filter ("pr"), as it is absent from the resource', async () => {
    await createUser(h, 'no.display', { displayName: undefined });
    const pr = await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "no.display" and displayName pr')}`);
    expect(pr.body.totalResults).to.equal(0);
    const absent = await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "no.display" and not (displayName pr)')}`);
    expect(absent.body.totalResults).to.equal(1);
  });

  it('the LMS names a user without first and last name by name.formatted, then displayName, then username', async () => {
    const id = await createUser(h, 'formatted.only', { name: { formatted: 'Formatted Only' }, displayName: 'Shown Name' });
    const user = await h.sp.store.users.findById('default', Number(id));
    expect(displayNameOf(user!)).to.equal('Formatted Only');
    expect(displayNameOf({ ...user!, formattedName: '' })).to.equal('Shown Name');
    expect(displayNameOf({ ...user!, formattedName: '', displayName: '' })).to.equal('formatted.only');
    expect(String(usersPage([user!], 'csrf'))).to.include('<td data-label="Name">Formatted Only</td>');
  });
});
