// RFC 7644 §3.4.2.2 filters over HTTP against a seeded set: every operator, and/or/not, grouping, value paths,
// URN-prefixed names, case rules (userName/emails case-insensitive; id/externalId exact), paging and projection.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { createUser, expectScimError, startScim, TLMS, USER_SCHEMA } from './scim-helpers.js';

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe('SCIM /Users filters', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());
  // The seeded users, created a minute apart in this order: userName, given and family name (the display name is
  // the given name and the family name's initial), and their other attributes.
  const seeded: [string, string, string, Record<string, unknown>][] = [
    ['alice', 'Alice', 'Anders', { externalId: 'ext-A', [TLMS]: { timezone: 'Europe/Athens' } }],
    ['Bob.Smith', 'Bob', 'Smith', { emails: [{ value: 'bob@CORP.test', type: 'work' }], externalId: 'EXT-b', active: false }],
    ['carol', 'Carol', 'Smith', { [TLMS]: { userType: 'Trainer-Type' } }],
    ['dave_100%', 'Dave', 'Jones', { emails: [], externalId: 'ext-d' }],
  ];
  before(async () => {
    for (const [i, [userName, givenName, familyName, attributes]] of seeded.entries()) {
      if (i > 0) h.clock.advance(60_000);
      await createUser(h, userName, { name: { givenName, familyName }, displayName: `${givenName} ${familyName[0]}`, ...attributes });
    }
  });

  const cases: [string, string[]][] = [
    ['userName eq "alice"', ['alice']],
    ['USERNAME EQ "ALICE"', ['alice']],
    ['userName eq "bob.smith"', ['Bob.Smith']],
    ['externalId eq "ext-A"', ['alice']],
    ['externalId eq "ext-a"', []],
    ['id eq "2"', ['Bob.Smith']],
    ['id eq "not-a-number"', []],
    ['name.familyName eq "smith"', ['Bob.Smith', 'carol']],
    ['name.givenName sw "c"', ['carol']],
    ['emails.value ew "@EXAMPLE.test"', ['alice', 'carol']],
    ['emails co "corp"', ['Bob.Smith']],
    ['emails[type eq "work"].value co "example"', ['alice', 'carol']],
    ['emails[type eq "work" and value sw "bob"]', ['Bob.Smith']],
    ['emails pr', ['alice', 'Bob.Smith', 'carol']],
    ['not (emails pr)', ['dave_100%']],
    ['emails.value eq null', ['dave_100%']],
    ['active eq false', ['Bob.Smith']],
    ['active eq true and name.familyName eq "Smith"', ['carol']],
    ['name.familyName eq "Smith" or userName eq "alice"', ['alice', 'Bob.Smith', 'carol']],
    ['(userName eq "alice" or userName eq "carol") and active eq true', ['alice', 'carol']],
    ['userName eq "alice" or (userName eq "carol" and not (active eq true))', ['alice']],
    ['not (userName eq "alice")', ['Bob.Smith', 'carol', 'dave_100%']],
    ['userName ne "alice"', ['Bob.Smith', 'carol', 'dave_100%']],
    ['meta.lastModified gt "2026-03-01T10:01:30Z"', ['carol', 'dave_100%']],
    ['meta.lastModified ge "2026-03-01T10:02:00.000Z"', ['carol', 'dave_100%']],
    ['meta.created le "2026-03-01T10:01:00Z"', ['alice', 'Bob.Smith']],
    ['meta.created lt "2026-03-01T10:01:00Z"', ['alice']],
    [`${USER_SCHEMA}:userName eq "carol"`, ['carol']],
    [`${TLMS}:timezone eq "europe/athens"`, ['alice']],
    [`${TLMS}:userType eq "Learner-Type"`, ['alice', 'Bob.Smith', 'dave_100%']],
    ['userName co "_"', ['dave_100%']],
    ['userName co "%"', ['dave_100%']],
    ['userName sw "DAVE_1"', ['dave_100%']],
    ['externalId sw "EXT"', ['Bob.Smith']],
    ['externalId co "xt-"', ['alice', 'dave_100%']],
    ['externalId ew "-d"', ['dave_100%']],
    ['externalId pr', ['alice', 'Bob.Smith', 'dave_100%']],
    ['userName gt "b"', ['Bob.Smith', 'carol', 'dave_100%']],
    ['name[givenName eq "Dave"]', ['dave_100%']],
    ['emails.type eq "work"', ['alice', 'Bob.Smith', 'carol']],
    ['displayName co " s"', ['Bob.Smith', 'carol']],
    ['meta.resourceType eq "User"', ['alice', 'Bob.Smith', 'carol', 'dave_100%']],
    ['userName eq "nobody"', []],
  ];

  for (const [filter, expected] of cases) {
    it(`filter ${filter} → [${expected.join(', ')}]`, async () => {
      const r = await h.scim('GET', q(filter));
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.headers.get('content-type')).to.match(/^application\/scim\+json/);
      expect(r.body.schemas).to.deep.equal(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      expect(r.body.totalResults).to.equal(expected.length);
      expect((r.body.Resources ?? []).map((u) => u.userName)).to.deep.equal(expected);
    });
  }

  const bad = [
    'userName eq',
    'userName xx "a"',
    'nosuch eq "x"',
    'password eq "x"',
    'active gt true',
    'active eq "maybe"',
    'meta.created gt "yesterday"',
    'meta.created co "2026"',
    '(userName eq "a"',
    '   ',
    'emails[type eq "work" and emails[value eq "x"]]',
  ];
  for (const filter of bad) {
    it(`refuses the filter ${JSON.stringify(filter)} with 400 invalidFilter`, async () => {
      expectScimError(await h.scim('GET', q(filter)), 400, 'invalidFilter');
    });
  }

  // What keeps a filter's cost bounded whatever its text: a length cap and an expression budget (scim/filter.ts).
  const longName = 'a'.repeat(4096 - 'userName eq ""'.length);
  const limits: [string, string, RegExp | undefined][] = [
    ['a filter of 4,096 characters is read', `userName eq "${longName}"`, undefined],
    [
      'a filter of 4,097 characters is refused with 400 invalidFilter naming the limit',
      `userName eq "${longName}a"`,
      /longer than 4096 characters/,
    ],
    ['199 comparisons in one "or" (200 expressions) are read', Array(199).fill('userName eq "x"').join(' or '), undefined],
    [
      '200 comparisons in one "or" (201 expressions) are refused with 400 invalidFilter naming the limit',
      Array(200).fill('userName eq "x"').join(' or '),
      /more than 200 expressions/,
    ],
    [
      'a "not" nested 201 deep is refused with 400 invalidFilter naming the limit',
      `${'not ('.repeat(200)}userName pr${')'.repeat(200)}`,
      /more than 200 expressions/,
    ],
  ];
  for (const [title, filter, refusal] of limits) {
    it(title, async () => {
      const r = await h.scim('GET', q(filter));
      if (!refusal) {
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        expect(r.body.totalResults).to.equal(0);
        return;
      }
      expectScimError(r, 400, 'invalidFilter');
      expect(r.body.detail).to.match(refusal);
    });
  }

  it('pages with startIndex and count (RFC 7644 §3.4.2.4)', async () => {
    const first = await h.scim('GET', '/Users?startIndex=1&count=2');
    expect(first.body).to.include({ totalResults: 4, itemsPerPage: 2, startIndex: 1 });
    expect(first.body.Resources?.map((u) => u.userName)).to.deep.equal(['alice', 'Bob.Smith']);
    const second = await h.scim('GET', '/Users?startIndex=3&count=2');
    expect(second.body).to.include({ totalResults: 4, itemsPerPage: 2, startIndex: 3 });
    expect(second.body.Resources?.map((u) => u.userName)).to.deep.equal(['carol', 'dave_100%']);
    const past = await h.scim('GET', '/Users?startIndex=10');
    expect(past.body).to.include({ totalResults: 4, itemsPerPage: 0 });
    const zero = await h.scim('GET', '/Users?count=0');
    expect(zero.body).to.include({ totalResults: 4, itemsPerPage: 0, startIndex: 1 });
    const low = await h.scim('GET', '/Users?startIndex=0&count=1&filter=active%20eq%20true');
    expect(low.body).to.include({ totalResults: 3, itemsPerPage: 1, startIndex: 1 });
  });

  it('returns only the requested attributes (and id, schemas)', async () => {
    const r = await h.scim('GET', `${q('userName eq "alice"')}&attributes=userName,name.givenName,${TLMS}:timezone`);
    expect(r.body.Resources?.[0]).to.deep.equal({
      schemas: [USER_SCHEMA, TLMS],
      id: '1',
      userName: 'alice',
      name: { givenName: 'Alice' },
      [TLMS]: { timezone: 'Europe/Athens' },
    });
  });

  it('leaves out excludedAttributes but never id', async () => {
    const r = await h.scim('GET', '/Users/1?excludedAttributes=emails,meta,id,name.formatted');
    expect(r.status).to.equal(200);
    expect(r.body).to.not.have.property('emails');
    expect(r.body).to.not.have.property('meta');
    expect(r.body.id).to.equal('1');
    expect(r.body.name).to.deep.equal({ givenName: 'Alice', familyName: 'Anders' });
  });
});
