// The admin API of the IdM tab over HTTP: status, activation refusals, per-user sync status,
// manual import (New/Imported, New-only, ≤100 at once, >100 in the background), events.
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Json } from './json.js';
import { type ProvisioningStack, SCIM_TOKEN, startProvisioningStack } from './support.js';

describe('provisioning admin API and import', function () {
  this.timeout(60000);
  let s: ProvisioningStack;
  let api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;
  beforeEach(async () => {
    s = await startProvisioningStack({ activate: false });
    api = async (method, path, body) => {
      const res = await fetch(`${s.idp.config.baseUrl}/api${path}`, {
        method,
        headers: { 'x-api-key': s.idp.config.adminApiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
  });
  afterEach(async () => {
    await s.stop();
  });

  const spUser = async (userName: string) => {
    const res = await fetch(`${s.scimUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SCIM_TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        name: { givenName: 'Imp', familyName: userName },
        emails: [{ value: `${userName}@example.com`, primary: true }],
      }),
    });
    expect(res.status).to.equal(201);
    return ((await res.json()) as { id: string }).id;
  };

  it('configures, refuses with reasons, and never returns the token', async () => {
    expect((await api('GET', '/applications/talentlms/identity-management')).body).to.include({ configured: false, active: false });
    const bad = await api('PUT', '/applications/talentlms/identity-management', { baseUrl: s.scimUrl, token: 'nope' });
    expect(bad.status).to.equal(400);
    expect(bad.body).to.include({ error: 'idm_verification_failed' });
    expect(bad.body.message).to.include('HTTP 401');
    const missing = await api('PUT', '/applications/talentlms/identity-management', { baseUrl: s.scimUrl });
    expect(missing.status).to.equal(400);
    const ok = await api('PUT', '/applications/talentlms/identity-management', { baseUrl: s.scimUrl, token: SCIM_TOKEN });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ active: true, tokenSet: true });
    expect(JSON.stringify(ok.body)).to.not.include(SCIM_TOKEN);
    const change = await api('PATCH', '/applications/talentlms/identity-management', { token: 'other' });
    expect(change.status).to.equal(409);
    expect(change.body.error).to.equal('idm_deactivate_first');
    const users = await eventually(async () => {
      const r = await api('GET', '/applications/talentlms/identity-management/users');
      return r.body.items[0]?.lastSuccess === true && r.body;
    });
    expect(users.items[0]).to.include({ username: 'demo.user', state: 'active', pendingChanges: 0 });
    const events = await api('GET', '/events?type=idm_integration_activate');
    expect(events.body.items.map((e: Json) => e.success)).to.deep.equal([true, false, false]);
    const provisioned = await api('GET', '/events?type=user_create_provision&application=talentlms&success=true');
    expect(provisioned.body.items[0]).to.include({ username: 'demo.user', initiator: 'system:provisioning' });
    const byEventType = await api('GET', '/events?event_type=user_create_provision&user=demo.user');
    expect(byEventType.body.items.map((e: Json) => e.type)).to.deep.equal(['user_create_provision']);
    const exported = await fetch(`${s.idp.config.baseUrl}/api/events?type=idm_integration_activate&export=json`, {
      headers: { 'x-api-key': s.idp.config.adminApiKey },
    });
    expect(exported.headers.get('content-disposition')).to.include('events.json');
    expect(((await exported.json()) as Json).total).to.equal(3);
    expect((await api('POST', '/applications/talentlms/identity-management/deactivate')).body.active).to.equal(false);
    expect((await api('DELETE', '/applications/talentlms/identity-management')).status).to.equal(204);
    expect((await api('POST', '/applications/talentlms/identity-management/reauth')).status).to.equal(404);
  });

  it('lists SP users as New or Imported, filters New only, and imports up to 100 at once', async () => {
    await api('PUT', '/applications/talentlms/identity-management', { baseUrl: s.scimUrl, token: SCIM_TOKEN });
    await eventually(async () => (await s.scim<Json>('/Users')).totalResults === 1); // demo.user provisioned
    const a = await spUser('imp.a');
    const b = await spUser('imp.b');
    const list = await api('GET', '/applications/talentlms/identity-management/import');
    const status = Object.fromEntries(list.body.items.map((u: Json) => [u.userName, u.status]));
    expect(status).to.deep.equal({ 'demo.user': 'imported', 'imp.a': 'new', 'imp.b': 'new' });
    const fresh = await api('GET', '/applications/talentlms/identity-management/import?newOnly=true');
    expect(fresh.body.items.map((u: Json) => u.userName)).to.deep.equal(['imp.a', 'imp.b']);
    const done = await api('POST', '/applications/talentlms/identity-management/import', { ids: [a, b] });
    expect(done.status).to.equal(200);
    expect(done.body.results.map((r: Json) => r.outcome)).to.deep.equal(['imported', 'imported']);
    const user = await s.idp.services.directory.findUserByUsername('imp.a');
    expect(user).to.include({ email: 'imp.a@example.com', lastName: 'imp.a' });
    expect((await api('GET', '/applications/talentlms/identity-management/import?newOnly=true')).body.items).to.have.length(0);
    const bad = await api('POST', '/applications/talentlms/identity-management/import', { ids: [] });
    expect(bad.status).to.equal(400);
  });

  it('imports more than 100 users in the background and posts a notification', async () => {
    await api('PUT', '/applications/talentlms/identity-management', { baseUrl: s.scimUrl, token: SCIM_TOKEN });
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push(await spUser(`bulk${i}`));
    const started = await api('POST', '/applications/talentlms/identity-management/import', { ids });
    expect(started.status).to.equal(202);
    expect(started.body).to.include({ background: true, count: 105 });
    const n = await eventually(async () => (await api('GET', '/notifications?unread=true')).body.items[0], { timeoutMs: 30000 });
    expect(n.message).to.include('105 imported');
    expect((await api('POST', `/notifications/${n.id}/read`)).status).to.equal(204);
    const [event] = (await api('GET', '/events?type=user_import')).body.items;
    expect(event.detail).to.include({ imported: 105, failed: 0 });
  });
});
