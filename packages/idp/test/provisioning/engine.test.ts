import type { SamlbridgeError } from '@samlbridge/errors';
import { advanceableClock, eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Idp } from '../../src/index.js';
import { type FakeScim, startFakeScim } from './fake-scim.js';
import type { Json } from './json.js';
import { FAST_PROVISIONING, type ScimIdp, startScimIdp } from './scim-idp.js';

async function rejection(p: Promise<unknown>): Promise<SamlbridgeError> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e) => e as SamlbridgeError,
  );
}

describe('provisioning engine (IdP against a fake SCIM server)', function () {
  this.timeout(15000);
  let setup: ScimIdp;
  let idp: Idp;
  let scim: FakeScim;
  let appId: string;
  let groupId: string;
  let demoUserId: string;
  beforeEach(async () => {
    setup = await startScimIdp({ ...FAST_PROVISIONING, secretKey: 'a'.repeat(64) });
    ({ idp, scim, appId, groupId, demoUserId } = setup);
  });
  afterEach(() => setup.close());

  const activate = () => idp.provisioning.idm.activate(appId, { baseUrl: scim.url, token: scim.token }, 'test');
  const idle = () => idp.provisioning.worker.idle();

  describe('activation', () => {
    it('verifies with discovery and GET /Users?count=1 before storing anything', async () => {
      const view = await activate();
      expect(view).to.include({ active: true, configured: true, tokenSet: true, baseUrl: scim.url });
      expect(JSON.stringify(view)).to.not.include(scim.token);
      expect(scim.requests.slice(0, 2).map((r) => `${r.method} ${r.path}?${r.query}`)).to.deep.equal([
        'GET /ServiceProviderConfig?',
        'GET /Users?count=1',
      ]);
      const events = await idp.services.events.list({ type: 'idm_integration_activate' });
      expect(events.items[0]).to.include({ success: true, application: 'talentlms' });
    });

    it('refuses a wrong token with the SP’s reason (401)', async () => {
      const err = await rejection(idp.provisioning.idm.activate(appId, { baseUrl: scim.url, token: 'wrong' }, 'test'));
      expect(err.code).to.equal('idm_verification_failed');
      expect(err.status).to.equal(400);
      expect(err.message).to.include('refused the token key (HTTP 401)').and.include('invalid API key');
      expect((await idp.provisioning.idm.get(appId)).configured).to.equal(false);
      const [event] = (await idp.services.events.list({ type: 'idm_integration_activate' })).items;
      expect(event).to.include({ success: false, reason: 'idm_verification_failed' });
    });

    it('refuses a Base URL without a SCIM service (404)', async () => {
      const err = await rejection(
        idp.provisioning.idm.activate(appId, { baseUrl: scim.url.replace('/scim', '/nope'), token: scim.token }, 'test'),
      );
      expect(err.message).to.match(/no SCIM service at .*HTTP 404.*Base URL/);
    });

    it('refuses an unreachable host with a message saying so', async () => {
      const closed = await startFakeScim();
      await closed.close();
      const err = await rejection(idp.provisioning.idm.activate(appId, { baseUrl: closed.url, token: 't' }, 'test'));
      expect(err.message).to.match(/Could not reach 127\.0\.0\.1:\d+: connection refused/);
    });

    it('refuses a bad Base URL before any request', async () => {
      const err = await rejection(idp.provisioning.idm.activate(appId, { baseUrl: 'ftp://x', token: 't' }, 'test'));
      expect(err.status).to.equal(400);
      expect(scim.requests).to.have.length(0);
    });

    it('changes the token only while deactivated, then reauth reactivates', async () => {
      await activate();
      const err = await rejection(idp.provisioning.idm.update(appId, { token: 'new-token' }, 'test'));
      expect(err.status).to.equal(409);
      expect(err.message).to.include('deactivate the IdM integration, update the token, then reactivate');
      await idp.provisioning.idm.deactivate(appId, 'test');
      await idp.provisioning.idm.update(appId, { token: scim.token, importSchedule: 'hourly' }, 'test');
      const view = await idp.provisioning.idm.reauth(appId, {}, 'test');
      expect(view).to.include({ active: true, importSchedule: 'hourly' });
      const types = (await idp.services.events.list({})).items.map((e) => e.type);
      expect(types).to.include.members(['idm_integration_update', 'idm_integration_delete', 'idm_integration_reauth']);
    });
  });

  describe('delivery', () => {
    it('provisions a user never pushed before with one POST, no lookup', async () => {
      await activate();
      await eventually(() => scim.users.size === 1);
      await idle();
      const flow = scim.requests
        .slice(2)
        .filter((r) => r.path.startsWith('/Users'))
        .map((r) => `${r.method} ${r.query.get('filter') ?? r.path}`);
      expect(flow).to.deep.equal(['POST /Users']);
      const [created] = [...scim.users.values()];
      expect(created).to.include({ userName: 'demo.user', active: true });
      const status = await idp.provisioning.userStatus(appId, demoUserId);
      expect(status).to.include({ state: 'active', lastAction: 'user_create_provision', lastSuccess: true, remoteId: created.id });
    });

    it('links an existing SP user instead of creating a second one: POST → 409 uniqueness → lookup → PATCH', async () => {
      scim.users.set('77', { id: '77', userName: 'DEMO.USER', active: false });
      await activate();
      await eventually(async () => (await idp.provisioning.userStatus(appId, demoUserId)).remoteId === '77');
      await idle();
      expect(scim.users.size).to.equal(1);
      expect(scim.users.get('77')).to.include({ active: true, userName: 'demo.user' });
      const flow = scim.requests
        .slice(2)
        .filter((r) => r.path.startsWith('/Users'))
        .map((r) => `${r.method} ${r.query.get('filter') ?? r.path}`);
      expect(flow).to.deep.equal(['POST /Users', 'GET userName eq "demo.user"', 'PATCH /Users/77']);
      const created = await idp.services.events.list({ type: 'user_create_provision', user: demoUserId });
      expect(created.total).to.equal(0);
    });

    it('records a user_lookup_provision success event for every lookup: found with the remote id after a 409', async () => {
      await activate();
      await eventually(() => scim.users.size === 1);
      await idle();
      const [created] = [...scim.users.values()];
      await idp.provisioning.idm.deactivate(appId, 'test');
      await idp.store.provisioningLinks.delete(appId, 'user', demoUserId); // forgotten: the next sync looks up again
      await idp.provisioning.idm.reauth(appId, {}, 'test');
      await idle();
      const lookups = (await idp.services.events.list({ type: 'user_lookup_provision', user: demoUserId })).items.reverse();
      expect(lookups.map((e) => [e.success, e.detail.found, e.detail.remoteId])).to.deep.equal([[true, true, created.id]]);
      expect(lookups[0]).to.include({ initiator: 'system:provisioning', application: 'talentlms', resource: `user:${demoUserId}` });
    });

    it('on 409 whose lookup finds no user with that userName, fails the create and links nothing', async () => {
      scim.fail({
        status: 409,
        match: (r) => r.method === 'POST' && r.path === '/Users',
        body: { detail: 'userName is not unique', scimType: 'uniqueness' },
      });
      await activate();
      const failure = await eventually(
        async () => (await idp.services.events.list({ type: 'user_create_provision', success: false })).items[0],
      );
      expect(failure).to.include({ reason: 'uniqueness', username: 'demo.user' });
      await idle();
      expect(await idp.provisioning.userStatus(appId, demoUserId)).to.include({ remoteId: null, state: 'failed' });
      expect(scim.users.size).to.equal(0);
    });

    it('sends one PATCH operation per changed attribute, and the username change', async () => {
      await activate();
      await eventually(() => scim.users.size === 1);
      await idle();
      const before = scim.requests.length;
      await idp.services.directory.updateUser(demoUserId, { username: 'demo.renamed', lastName: 'Person' });
      await eventually(() => scim.requests.length > before);
      await idle();
      const patch = scim.requests.slice(before).find((r) => r.method === 'PATCH')!;
      expect(patch.body.schemas).to.deep.equal(['urn:ietf:params:scim:api:messages:2.0:PatchOp']);
      expect(patch.body.Operations).to.deep.equal([
        { op: 'replace', path: 'userName', value: 'demo.renamed' },
        { op: 'replace', path: 'name.formatted', value: 'Demo Person' },
        { op: 'replace', path: 'name.familyName', value: 'Person' },
        { op: 'replace', path: 'displayName', value: 'Demo Person' },
      ]);
    });

    it('deactivates on suspension and on removal from the bound group; pushes a new password', async () => {
      await activate();
      await eventually(() => scim.users.size === 1);
      const [remote] = [...scim.users.values()];
      await idp.services.directory.setUserStatus(demoUserId, 'suspended');
      await eventually(() => remote.active === false);
      await idp.services.directory.setUserStatus(demoUserId, 'active');
      await eventually(() => remote.active === true);
      await idp.services.directory.setPassword(demoUserId, { password: 'a-new-password' });
      await eventually(() => remote.password === 'a-new-password');
      await idp.services.directory.removeMember(groupId, demoUserId);
      await eventually(() => remote.active === false);
      // The SP sees the request before the worker records its outcome.
      await eventually(async () => expect((await idp.services.events.list({})).items.map((e) => e.type)).to.include('user_deprovision'));
    });

    it('deletion in the IdP deactivates, or deletes when the admin chose it', async () => {
      await activate();
      await eventually(() => scim.users.size === 1);
      const [remote] = [...scim.users.values()];
      await idp.services.directory.deleteUser(demoUserId);
      await eventually(() => remote.active === false);
      expect(scim.users.size).to.equal(1);

      const u = await idp.services.directory.createUser({ username: 'gone', email: 'gone@example.com' });
      await idp.provisioning.idm.update(appId, { deleteOnIdpDelete: true }, 'test');
      await idp.services.directory.addMember(groupId, u.id);
      await eventually(() => scim.users.size === 2);
      await idp.services.directory.deleteUser(u.id);
      await eventually(() => scim.users.size === 1);
      const event = await eventually(async () => (await idp.services.events.list({ type: 'user_delete_provision' })).items[0]);
      expect(event).to.include({ success: true, username: 'gone' });
    });

    it('marks a permanent 4xx failed with the SP’s message, and later changes still flow', async () => {
      scim.fail({
        status: 400,
        match: (r) => r.method === 'POST',
        body: { detail: 'email is not unique', scimType: 'uniqueness', status: '400' },
      });
      await activate();
      const status = await eventually(async () => {
        const s = await idp.provisioning.userStatus(appId, demoUserId);
        return s.lastSuccess === false && s;
      });
      expect(status.lastError).to.include('email is not unique');
      expect(status.state).to.equal('failed');
      expect((await idp.provisioning.idm.get(appId)).outbox.failed).to.equal(1);
      await idp.services.directory.updateUser(demoUserId, { firstName: 'Again' });
      await eventually(() => scim.users.size === 1);
    });

    it('delivers one user’s changes in order', async () => {
      await activate();
      await eventually(() => scim.users.size === 1);
      for (const firstName of ['A', 'B', 'C', 'D', 'E']) await idp.services.directory.updateUser(demoUserId, { firstName });
      const [remote] = [...scim.users.values()];
      await eventually(() => remote.name?.givenName === 'E');
      await idle();
      const seen = scim.requests
        .filter((r) => r.method === 'PATCH')
        .map((r) => r.body.Operations.find((o: Json) => o.path === 'name.givenName')?.value);
      expect(seen.filter((v) => v && v !== 'Demo')).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
    });

    it('pushes the bound group with its members and syncs member deltas', async () => {
      await activate();
      await eventually(() => scim.groups.size === 1);
      const [g] = [...scim.groups.values()];
      expect(g.displayName).to.equal('TalentLMS Users');
      expect(g.members).to.have.length(1);
      const u = await idp.services.directory.createUser({ username: 'bo', email: 'bo@example.com' });
      await idp.services.directory.addMember(groupId, u.id);
      await eventually(() => g.members.length === 2);
      await idp.services.directory.removeMember(groupId, u.id);
      await eventually(() => g.members.length === 1);
      await eventually(async () =>
        expect((await idp.services.events.list({})).items.map((e) => e.type)).to.include.members([
          'group_create_provision',
          'group_update_provision',
        ]),
      );
    });
  });
});

describe('provisioning engine: a wait the application asks for (skipped on the IdP clock, not slept)', function () {
  this.timeout(15000);
  let setup: ScimIdp;
  let clock: ReturnType<typeof advanceableClock>;
  beforeEach(async () => {
    clock = advanceableClock();
    setup = await startScimIdp({ ...FAST_PROVISIONING, secretKey: 'a'.repeat(64) }, { clock });
  });
  afterEach(() => setup.close());

  it('retries 5xx and honours Retry-After on 429 (only the 5xx is a failure)', async () => {
    const { idp, scim, appId } = setup;
    const posts = () => scim.requests.filter((r) => r.method === 'POST' && r.path === '/Users');
    scim.fail({ status: 503, match: (r) => r.method === 'POST' });
    scim.fail({ status: 429, headers: { 'retry-after': '1' }, match: (r) => r.method === 'POST' });
    await idp.provisioning.idm.activate(appId, { baseUrl: scim.url, token: scim.token }, 'test');
    // RFC 9110 §10.2.3: after `429` with `Retry-After: 1` the integration pauses a second on the IdP's clock
    // (the fake SCIM server stamps requests with that clock too) and nothing is sent meanwhile.
    const pause = await eventually(
      async () => {
        const p = await idp.provisioning.pauseStatus(appId);
        return posts().length === 2 && p?.reason === 'rate_limited' && p;
      },
      { what: 'the pause after the 429' },
    );
    const tooManyAt = posts()[1]?.at ?? Number.NaN;
    expect(pause.until.getTime() - tooManyAt).to.be.at.least(1000);
    expect(posts()).to.have.length(2);
    clock.advance(pause.until.getTime() - clock.now().getTime());
    await eventually(() => scim.users.size === 1);
    expect(posts()).to.have.length(3);
    expect(posts()[2]?.at).to.be.at.least(tooManyAt + 1000);
    const failures = (await idp.services.events.list({ type: 'user_create_provision', success: false })).items;
    expect(failures).to.have.length(1);
  });
});
