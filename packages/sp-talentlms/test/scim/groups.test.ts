// /api/scim2/Groups: TalentLMS groups, member changes in the Okta, Entra ID and JumpCloud PATCH shapes.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { createUser, expectScimError, GROUP_SCHEMA, patch, startScim } from './scim-helpers.js';

describe('SCIM /Groups', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());
  let u: string[];
  const members = async (id: string) =>
    (((await h.scim('GET', `/Groups/${id}`)).body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
  const createGroup = async (displayName: string, ids: string[] = []) => {
    const r = await h.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: ids.map((value) => ({ value })) });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.id as string;
  };

  before(async () => {
    u = [];
    for (const name of ['g1', 'g2', 'g3', 'g4']) u.push(await createUser(h, name));
  });

  it('creates a group with members and returns them with display and $ref', async () => {
    const r = await h.scim('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Sales',
      externalId: 'jc-1',
      members: [{ value: u[0] }],
    });
    expect(r.status).to.equal(201);
    expect(r.headers.get('location')).to.equal(`http://localhost:5000/api/scim2/Groups/${r.body.id}`);
    expect(r.body).to.include({ displayName: 'Sales', externalId: 'jc-1' });
    expect(r.body.members).to.deep.equal([
      { value: u[0], display: 'g1', type: 'User', $ref: `http://localhost:5000/api/scim2/Users/${u[0]}` },
    ]);
    expect(r.body.meta).to.include({ resourceType: 'Group' });
  });

  it('refuses a duplicate displayName (case-insensitive) with 409 uniqueness, and unknown members with 400 invalidValue', async () => {
    await createGroup('Support');
    expectScimError(await h.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'SUPPORT' }), 409, 'uniqueness');
    expectScimError(
      await h.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'X', members: [{ value: '9999' }] }),
      400,
      'invalidValue',
    );
    expectScimError(await h.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA] }), 400, 'invalidValue');
  });

  it('filters by displayName and leaves members out with excludedAttributes=members', async () => {
    const member = await createUser(h, 'g-filter');
    await createGroup('Marketing', [member]);
    const r = await h.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "marketing"')}&excludedAttributes=members`);
    expect(r.body.totalResults).to.equal(1);
    expect(r.body.Resources?.[0]).to.not.have.property('members');
    expect(r.body.Resources?.[0]).to.include({ displayName: 'Marketing' });
    const byMember = await h.scim('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${member}"]`)}`);
    expect(byMember.body.totalResults).to.equal(1);
    expect(byMember.body.Resources?.[0]).to.include({ displayName: 'Marketing' });
    const none = await h.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "nope"')}`);
    expect(none.status).to.equal(200);
    expect(none.body.totalResults).to.equal(0);
  });

  it('Okta: replace members, add members, rename with a path-less replace', async () => {
    const id = await createGroup('Okta group', [u[0] as string]);
    expect(
      (await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'replace', path: 'members', value: [{ value: u[1] }, { value: u[2] }] }))).status,
    ).to.equal(204);
    expect(await members(id)).to.deep.equal([u[1], u[2]].sort());
    await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'add', path: 'members', value: [{ value: u[3] }] }));
    expect(await members(id)).to.deep.equal([u[1], u[2], u[3]].sort());
    await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'replace', value: { id, displayName: 'Okta renamed' } }));
    expect((await h.scim('GET', `/Groups/${id}`)).body.displayName).to.equal('Okta renamed');
  });

  it('Entra ID: Add / Remove with the members path and a value list', async () => {
    const id = await createGroup('Entra group');
    await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'Add', path: 'members', value: [{ value: u[0] }, { value: u[1] }] }));
    expect(await members(id)).to.deep.equal([u[0], u[1]].sort());
    await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'Remove', path: 'members', value: [{ value: u[0] }] }));
    expect(await members(id)).to.deep.equal([u[1]]);
  });

  it('JumpCloud: remove with path members[value eq "id"]', async () => {
    const id = await createGroup('JumpCloud group', [u[0] as string, u[1] as string]);
    await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'remove', path: `members[value eq "${u[0]}"]` }));
    expect(await members(id)).to.deep.equal([u[1]]);
    // mixed with a rename: the generic engine
    await h.scim(
      'PATCH',
      `/Groups/${id}`,
      patch({ op: 'replace', path: 'displayName', value: 'JC renamed' }, { op: 'remove', path: `members[value eq "${u[1]}"]` }),
    );
    expect(await members(id)).to.deep.equal([]);
  });

  it('PUT replaces name and members; DELETE removes the group (404 after)', async () => {
    const id = await createGroup('Put group', [u[0] as string]);
    const r = await h.scim('PUT', `/Groups/${id}`, { schemas: [GROUP_SCHEMA], displayName: 'Put group 2', members: [{ value: u[2] }] });
    expect(r.status).to.equal(200);
    expect(await members(id)).to.deep.equal([u[2]]);
    expect((await h.scim('DELETE', `/Groups/${id}`)).status).to.equal(204);
    expectScimError(await h.scim('GET', `/Groups/${id}`), 404);
  });

  it('hides members who are in the trash', async () => {
    const extra = await createUser(h, 'g-trash');
    const id = await createGroup('Trash group', [extra]);
    await h.scim('DELETE', `/Users/${extra}`);
    expect(await members(id)).to.deep.equal([]);
    expectScimError(
      await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'add', path: 'members', value: [{ value: extra }] })),
      400,
      'invalidValue',
    );
  });

  it('PATCH with an unknown path or member sub-attribute answers 400 invalidPath and leaves name and members unchanged', async () => {
    const id = await createGroup('Unknown paths', [u[0] as string]);
    for (const ops of [
      [
        { op: 'add', path: 'members', value: [{ value: u[1] }] },
        { op: 'replace', path: 'description', value: 'x' },
      ],
      [{ op: 'add', path: 'members', value: [{ value: u[1], role: 'owner' }] }],
      [
        { op: 'replace', value: { displayName: 'Renamed' } },
        { op: 'remove', path: 'members[user eq "x"]' },
      ],
    ]) {
      expectScimError(await h.scim('PATCH', `/Groups/${id}`, patch(...ops)), 400, 'invalidPath');
    }
    expect((await h.scim('GET', `/Groups/${id}`)).body.displayName).to.equal('Unknown paths');
    expect(await members(id)).to.deep.equal([u[0]]);
  });

  it('PATCH remove of displayName answers 400 mutability (a required attribute)', async () => {
    const id = await createGroup('Keeps its name');
    expectScimError(await h.scim('PATCH', `/Groups/${id}`, patch({ op: 'remove', path: 'displayName' })), 400, 'mutability');
    expect((await h.scim('GET', `/Groups/${id}`)).body.displayName).to.equal('Keeps its name');
  });
});
