// A big group's members travel in requests of at most IDP_PROVISIONING_GROUP_MEMBERS_PER_REQUEST members (an SP's
// body limit: the SP here takes 1 MB, a 100,000-member group is about 2 MB), and a failed request costs only the
// members it carried.
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Idp } from '../../src/index.js';
import { groupMemberRequests } from '../../src/provisioning/group-member-requests.js';
import type { FakeScim, RecordedRequest } from './fake-scim.js';
import type { Json } from './json.js';
import { type ScimIdp, startScimIdp } from './scim-idp.js';

describe('provisioning: group member requests', () => {
  it('cuts adds and removals into requests of at most the given number of members, the rename in the first', () => {
    const requests = groupMemberRequests({ rename: 'Staff', add: ['1', '2', '3'], remove: ['7', '8', '9'] }, 2);
    expect(requests.map((r) => [r.added, r.removed])).to.deep.equal([
      [['1', '2'], []],
      [['3'], []],
      [[], ['7', '8']],
      [[], ['9']],
    ]);
    expect(requests[0]?.ops).to.deep.equal([
      { op: 'replace', path: 'displayName', value: 'Staff' },
      { op: 'add', path: 'members', value: [{ value: '1' }, { value: '2' }] },
    ]);
    expect(requests[2]?.ops).to.deep.equal([
      { op: 'remove', path: 'members[value eq "7"]' },
      { op: 'remove', path: 'members[value eq "8"]' },
    ]);
  });

  it('sends a rename alone when no member changes, and nothing when nothing changes', () => {
    expect(groupMemberRequests({ rename: 'Staff', add: [], remove: [] }, 2)).to.deep.equal([
      { ops: [{ op: 'replace', path: 'displayName', value: 'Staff' }], added: [], removed: [] },
    ]);
    expect(groupMemberRequests({ add: [], remove: [] }, 2)).to.deep.equal([]);
  });
});

describe('provisioning a group bigger than one request (IdP against a fake SCIM server)', function () {
  this.timeout(60000);
  let setup: ScimIdp;
  let idp: Idp;
  let scim: FakeScim;
  let appId: string;

  beforeEach(async () => {
    setup = await startScimIdp({
      provisioningRetryBaseMs: 40,
      provisioningRetryMaxMs: 200,
      provisioningOutagePauseMaxMs: 100,
      provisioningPollMs: 50,
      provisioningGroupMembersPerRequest: 2,
      secretKey: 'a'.repeat(64),
    });
    ({ idp, scim, appId } = setup);
    // The demo group holds the demo user; four more make five members: a POST of 2, then PATCHes of 2 and 1.
    for (const name of ['bo', 'cy', 'di', 'ed']) {
      const u = await idp.services.directory.createUser({ username: name, email: `${name}@example.com` });
      await idp.services.directory.addMember(setup.groupId, u.id);
    }
  });
  afterEach(() => setup.close());

  const activate = () => idp.provisioning.idm.activate(appId, { baseUrl: scim.url, token: scim.token }, 'test');
  const groupWrites = () => scim.requests.filter((r) => r.path.startsWith('/Groups') && (r.method === 'POST' || r.method === 'PATCH'));
  const membersOf = (r: RecordedRequest): string[] =>
    r.method === 'POST'
      ? (r.body.members as Json[]).map((m) => m.value)
      : (r.body.Operations as Json[]).flatMap((o) => (o.op === 'add' ? (o.value as Json[]).map((m) => m.value) : []));
  const userIds = () => [...scim.users.values()].map((u) => u.id as string).sort();

  it('creates the group with the first members and adds the rest in PATCH requests of at most that many', async () => {
    await activate();
    await eventually(() => expect((([...scim.groups.values()][0]?.members ?? []) as Json[]).length).to.equal(5));
    const writes = groupWrites();
    expect(writes.map((r) => `${r.method} ${membersOf(r).length}`)).to.deep.equal(['POST 2', 'PATCH 2', 'PATCH 1']);
    expect(writes.flatMap(membersOf).sort()).to.deep.equal(userIds());
    await eventually(async () => {
      const types = (await idp.services.events.list({})).items.map((e) => e.type);
      expect(types.filter((t) => t === 'group_create_provision')).to.have.length(1);
      return expect(types.filter((t) => t === 'group_update_provision')).to.have.length(1);
    });
  });

  it('after a failed member request, sends only the members not yet sent', async () => {
    scim.fail({ status: 500, match: (r) => r.method === 'PATCH' && r.path.startsWith('/Groups/') && groupWrites().length === 3 });
    await activate();
    await eventually(() => expect((([...scim.groups.values()][0]?.members ?? []) as Json[]).length).to.equal(5));
    const writes = groupWrites();
    // POST 2, PATCH 2, PATCH 1 → 500; the retry sends that last member alone.
    expect(writes.map((r) => `${r.method} ${membersOf(r).length}`)).to.deep.equal(['POST 2', 'PATCH 2', 'PATCH 1', 'PATCH 1']);
    expect(membersOf(writes[3] as RecordedRequest)).to.deep.equal(membersOf(writes[2] as RecordedRequest));
    await eventually(async () => expect((await idp.provisioning.userStatuses(appId, { limit: 10, offset: 0 })).total).to.equal(5));
  });
});
