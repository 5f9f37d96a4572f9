// The MFA policy: per user, per group, per application (the strictest applicable rule wins), enrolment at the next
// sign-in with the admin's grace period, and an admin's view and reset of a user's factors — set over the admin API.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient } from '../../helpers/api.js';
import type { Client } from '../../helpers/client.js';
import { startIdp } from '../../helpers/harness.js';
import { enrolFromSecurityPage, mfaStep, password, postStep, TestClock, totpCode } from './support.js';

describe('MFA policy per user, group and application', function () {
  this.timeout(20000);
  const h = suiteFixture(() => startIdp({}, { clock }));
  const api = apiClient(h);
  const clock = new TestClock();
  let n = 0;
  let talentlms: string;

  before(async () => {
    talentlms = (await h.idp.store.applications.findByName('talentlms'))?.id ?? '';
  });
  beforeEach(async () => {
    clock.offsetMs = 0;
    await api('PUT', '/mfa/settings', { graceSeconds: 0, requireForAdmins: false });
  });

  /** A user in every group bound to TalentLMS (so the SSO launch is allowed). */
  async function newUser(): Promise<{ username: string; id: string }> {
    n += 1;
    const username = `policy.user${n}`;
    const user = await h.idp.services.directory.createUser({ username, email: `${username}@example.com`, password: 'long-password-1' });
    for (const g of await h.idp.store.applications.listBoundGroupIds(talentlms)) await h.idp.store.groups.addMember(g, user.id);
    return { username, id: user.id };
  }

  async function afterPassword(username: string, path = '/login?next=/userconsole/'): Promise<{ client: Client; location: string }> {
    const client = h.client();
    const res = await password(client, path, username, 'long-password-1');
    return { client, location: res.headers.get('location') ?? '' };
  }

  it('signs a user in with a password alone when no rule applies and no factor is enrolled', async () => {
    const { username } = await newUser();
    expect((await afterPassword(username)).location).to.equal('/userconsole/');
  });

  it('leads a user the admin requires MFA of through enrolment at the next sign-in', async () => {
    const { username, id } = await newUser();
    const set = await api('PUT', `/users/${id}/mfa`, { required: true });
    expect(set.body).to.deep.include({ required: true, requiredBy: ['user'], factors: [], recoveryCodes: 0 });
    const { client, location } = await afterPassword(username);
    expect(location).to.equal('/login/mfa?next=%2Fuserconsole%2F');
    const page = await (await client.get(location)).text();
    expect(page).to.contain('Set up an authenticator app').and.not.contain('Not now');
    const secret = /data-totp-secret>([A-Z2-7]+)</.exec(page)?.[1] ?? '';
    const codes = await (await postStep(client, page, { step: 'enrol', code: totpCode(secret, clock.now()) })).text();
    expect(codes).to.contain('Your recovery codes');
    const done = await postStep(client, codes, { step: 'continue' });
    expect(done.headers.get('location')).to.equal('/userconsole/');
    expect((await api('GET', `/users/${id}/mfa`)).body).to.deep.include({
      required: true,
      factors: [{ kind: 'totp', count: 1 }],
      recoveryCodes: 10,
    });
  });

  it('requires MFA of the members of a group with a rule, and not of others', async () => {
    const member = await newUser();
    const other = await newUser();
    const group = (await api('POST', '/groups', { name: `MFA group ${n}` })).body;
    await api('PUT', `/groups/${group.id}/members/${member.id}`);
    expect((await api('PUT', `/groups/${group.id}/mfa`, { required: true })).body).to.deep.equal({ required: true });
    expect((await afterPassword(member.username)).location).to.match(/^\/login\/mfa/);
    expect((await afterPassword(other.username)).location).to.equal('/userconsole/');
    expect((await api('GET', `/users/${member.id}/mfa`)).body.requiredBy).to.deep.equal([`group:${group.id}`]);
  });

  it('requires MFA for one application only (conditional access): the console needs none, the SSO launch does', async () => {
    const { username } = await newUser();
    await api('PUT', `/applications/${talentlms}/mfa`, { required: true });
    try {
      const { client, location } = await afterPassword(username);
      expect(location).to.equal('/userconsole/');
      const launch = await client.get('/saml2/talentlms');
      expect(launch.headers.get('location')).to.match(/^\/login\/mfa\?flow=/);
      const page = await (await client.get(launch.headers.get('location') ?? '')).text();
      expect(page).to.contain('Set up an authenticator app');
    } finally {
      await api('PUT', `/applications/${talentlms}/mfa`, { required: false });
    }
  });

  it('asks an enrolled user for a code even when no rule requires MFA', async () => {
    const { username } = await newUser();
    const first = await afterPassword(username);
    await enrolFromSecurityPage(first.client, clock);
    expect((await afterPassword(username)).location).to.match(/^\/login\/mfa/);
  });

  it('lets a user skip enrolment during the grace period, with a reminder, and not after it', async () => {
    const { username, id } = await newUser();
    await api('PUT', '/mfa/settings', { graceSeconds: 3600, requireForAdmins: false });
    await api('PUT', `/users/${id}/mfa`, { required: true });
    const { client, location } = await afterPassword(username);
    const page = await (await client.get(location)).text();
    expect(page).to.contain('Not now').and.contain('You can skip this until');
    const skipped = await postStep(client, page, { step: 'skip' });
    expect(skipped.headers.get('location')).to.equal('/userconsole/');
    clock.offsetMs = 2 * 3600 * 1000;
    const late = await afterPassword(username);
    const latePage = await (await late.client.get(late.location)).text();
    expect(latePage).to.contain('Set up an authenticator app').and.not.contain('Not now');
    const refused = await postStep(late.client, latePage, { step: 'skip' });
    expect(refused.status).to.equal(403);
  });

  it("lists a user's factors without secrets and resets them, each reset an audit event", async () => {
    const { username, id } = await newUser();
    const { client } = await afterPassword(username);
    const { secret } = await enrolFromSecurityPage(client, clock);
    const factors = await api('GET', `/users/${id}/mfa/factors`);
    expect(factors.body.items).to.have.length(1);
    expect(factors.body.items[0]).to.have.keys(['id', 'kind', 'name', 'createdAt', 'lastUsedAt']);
    expect(JSON.stringify(factors.body)).not.to.contain(secret);
    expect((await api('DELETE', `/users/${id}/mfa/factors`)).status).to.equal(204);
    expect((await api('GET', `/users/${id}/mfa`)).body).to.deep.include({ factors: [], recoveryCodes: 0 });
    expect((await afterPassword(username)).location).to.equal('/userconsole/');
    const events = await api('GET', `/events?type=mfa_reset&user=${id}`);
    expect(events.body.items).to.have.length(1);
    expect(events.body.items[0]).to.deep.include({ initiator: 'admin-api', success: true });
    const enrol = await api('GET', `/events?type=mfa_enrol&user=${id}`);
    expect(enrol.body.total).to.be.greaterThan(0);
  });

  it('lets a person remove a factor from the Security page only in a session verified with a second factor', async () => {
    const { username, id } = await newUser();
    const passwordOnly = await afterPassword(username); // signed in before the factor existed
    const first = await afterPassword(username);
    const { secret } = await enrolFromSecurityPage(first.client, clock);
    const listed = await (await first.client.get('/userconsole/security')).text();
    const factorId = /data-factor="([^"]+)"/.exec(listed)?.[1] ?? '';
    const stale = await (await passwordOnly.client.get('/userconsole/security')).text();
    const refused = await postStep(passwordOnly.client, stale, {}, `/userconsole/security/factors/${factorId}/remove`);
    expect(refused.status).to.equal(403);
    expect(await refused.text()).to.contain('mfa_step_up_required');
    clock.nextStep();
    const { client, location } = await afterPassword(username);
    await mfaStep(client, location, { step: 'verify', code: totpCode(secret, clock.now()) });
    const page = await (await client.get('/userconsole/security')).text();
    const removed = await postStep(client, page, {}, `/userconsole/security/factors/${factorId}/remove`);
    expect(removed.headers.get('location')).to.equal('/userconsole/security');
    expect((await api('GET', `/users/${id}/mfa`)).body.factors).to.deep.equal([]);
    expect((await api('GET', `/events?type=mfa_remove&user=${id}`)).body.total).to.equal(1);
  });
});
