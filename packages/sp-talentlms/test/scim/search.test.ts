// POST …/.search (RFC 7644 §3.4.3) gives what the GET query gives; /Bulk is refused with 501 (RFC 7644 §3.7).
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { createUser, expectScimError, GROUP_SCHEMA, startScim, TLMS } from './scim-helpers.js';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const search = (fields: Record<string, unknown> = {}) => ({ schemas: [SEARCH], ...fields });

describe('SCIM .search and /Bulk', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());
  let users: string[];
  before(async () => {
    users = [];
    for (const name of ['s.ann', 's.bob', 's.cat']) users.push(await createUser(h, name));
    for (const displayName of ['S Team', 'Other Team']) {
      const r = await h.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, members: [{ value: users[0] }] });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
  });

  it('POST /Users/.search answers exactly what GET /Users answers for the same filter, paging and attributes', async () => {
    const filter = 'userName sw "s."';
    const get = await h.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(filter)}&startIndex=2&count=1&attributes=userName,${encodeURIComponent(`${TLMS}:timezone`)}`,
    );
    const post = await h.scim(
      'POST',
      '/Users/.search',
      search({ filter, startIndex: 2, count: 1, attributes: ['userName', `${TLMS}:timezone`], sortBy: 'userName' }),
    );
    expect(post.status, JSON.stringify(post.body)).to.equal(200);
    expect(post.headers.get('content-type')).to.match(/^application\/scim\+json/);
    expect(post.body).to.deep.equal(get.body);
    expect(post.body).to.include({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(post.body.Resources?.[0]).to.have.keys('schemas', 'id', 'userName', TLMS);
  });

  it('POST /Users/.search honours excludedAttributes', async () => {
    const r = await h.scim('POST', '/Users/.search', search({ filter: 'userName eq "s.bob"', excludedAttributes: ['emails', 'name'] }));
    expect(r.body.totalResults).to.equal(1);
    expect(r.body.Resources?.[0]).to.include({ userName: 's.bob' });
    expect(r.body.Resources?.[0]).to.not.have.any.keys('emails', 'name');
  });

  it('POST /Groups/.search answers what GET /Groups answers', async () => {
    const filter = 'displayName co "team"';
    const get = await h.scim('GET', `/Groups?filter=${encodeURIComponent(filter)}&excludedAttributes=members`);
    const post = await h.scim('POST', '/Groups/.search', search({ filter, excludedAttributes: ['members'] }));
    expect(post.status, JSON.stringify(post.body)).to.equal(200);
    expect(post.body).to.deep.equal(get.body);
    expect(post.body.totalResults).to.equal(2);
  });

  it('POST /.search searches every resource type: users then groups, paged as one list', async () => {
    const all = await h.scim('POST', '/.search', search({ count: 100 }));
    expect(all.status, JSON.stringify(all.body)).to.equal(200);
    expect(all.body.totalResults).to.equal(5);
    const types = (all.body.Resources ?? []).map((r) => (r.meta as { resourceType: string }).resourceType);
    expect(types).to.deep.equal(['User', 'User', 'User', 'Group', 'Group']);
    const page = await h.scim('POST', '/.search', search({ startIndex: 3, count: 2 }));
    expect(page.body).to.include({ totalResults: 5, startIndex: 3, itemsPerPage: 2 });
    expect((page.body.Resources ?? []).map((r) => r.id)).to.deep.equal([all.body.Resources?.[2]?.id, all.body.Resources?.[3]?.id]);
    const shared = await h.scim('POST', '/.search', search({ filter: 'displayName eq "S Team" or userName eq "s.cat"' }));
    expect(shared.body.totalResults, 'userName is not a Group attribute: groups are left out').to.equal(1);
    const groups = await h.scim('POST', '/.search', search({ filter: 'displayName eq "S Team"' }));
    expect((groups.body.Resources ?? []).map((r) => r.displayName)).to.deep.equal(['S Team']);
  });

  it('refuses a SearchRequest without its schema, with a bad filter or with bad attributes', async () => {
    expectScimError(await h.scim('POST', '/Users/.search', { filter: 'userName eq "s.ann"' }), 400, 'invalidValue');
    expectScimError(await h.scim('POST', '/Users/.search', search({ filter: 'userName eq' })), 400, 'invalidFilter');
    expectScimError(await h.scim('POST', '/Groups/.search', search({ filter: 'userName eq "x"' })), 400, 'invalidFilter');
    expectScimError(await h.scim('POST', '/.search', search({ filter: 'nope eq "x"' })), 400, 'invalidFilter');
    expectScimError(await h.scim('POST', '/Users/.search', search({ attributes: [1] })), 400, 'invalidValue');
    expectScimError(await h.scim('POST', '/Users/.search', search({ count: 'many' })), 400, 'invalidValue');
    expectScimError(await h.scim('POST', '/Users/.search', search(), { contentType: 'text/plain' }), 400, 'invalidSyntax');
  });

  it('POST /Bulk answers 501 with a SCIM error, and ServiceProviderConfig says bulk is not supported', async () => {
    const r = await h.scim('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] });
    expectScimError(r, 501);
    expect(r.body.detail).to.match(/Bulk operations are not supported/);
    const spc = await h.scim('GET', '/ServiceProviderConfig');
    expect(spc.body.bulk).to.deep.equal({ supported: false, maxOperations: 0, maxPayloadSize: 0 });
  });
});

describe('SCIM /Schemas lists what the server keeps', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());

  type Attr = { name: string; canonicalValues?: string[]; description: string; subAttributes?: Attr[] };
  const userAttr = async (name: string) => {
    const doc = (await h.scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body as { attributes: Attr[] };
    return doc.attributes.find((a) => a.name === name) as Attr;
  };

  it('emails.type lists only "work", the type every email is kept and returned as', async () => {
    const type = (await userAttr('emails')).subAttributes?.find((s) => s.name === 'type');
    expect(type?.canonicalValues).to.deep.equal(['work']);
    const id = await createUser(h, 'home.mail', { emails: [{ value: 'home.mail@example.test', type: 'home' }] });
    const emails = (await h.scim('GET', `/Users/${id}`)).body.emails as { type: string }[];
    expect(emails.map((e) => e.type)).to.deep.equal(type?.canonicalValues);
  });

  it('active documents that it cannot be removed and what to send instead', async () => {
    expect((await userAttr('active')).description).to.match(/cannot be removed.*false to deactivate/);
  });
});
