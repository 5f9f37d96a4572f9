import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { startIdp } from '../helpers/harness.js';

const KEY = 'idp-demo-admin-key';

describe('admin JSON API', () => {
  const h = suiteFixture(() => startIdp());

  async function api(method: string, path: string, body?: unknown, key: string | null = KEY) {
    const res = await fetch(`${h.url}/api${path}`, {
      method,
      headers: { ...(key === null ? {} : { 'x-api-key': key }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  it('refuses requests without a valid x-api-key with a 401 JSON error', async () => {
    for (const key of [null, 'wrong-key', `${KEY}x`]) {
      const res = await api('GET', '/users', undefined, key);
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.include({ error: 'unauthorized' });
    }
  });

  it('stores the API key only as a digest', async () => {
    const hashes = await h.idp.store.apiKeys.listHashes();
    expect(hashes).to.have.length(1);
    expect(hashes[0])
      .to.match(/^[0-9a-f]{64}$/)
      .and.not.to.contain(KEY);
  });

  it('creates, reads, updates, re-passwords and deletes a user', async () => {
    const created = await api('POST', '/users', {
      username: 'jane.doe',
      email: 'jane@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      password: 'jane-password',
    });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ username: 'jane.doe', status: 'active' });
    expect(created.body).not.to.have.property('passwordHash');
    const id = created.body.id as string;
    expect((await api('GET', `/users/${id}`)).body.email).to.equal('jane@example.com');
    const patched = await api('PATCH', `/users/${id}`, { lastName: 'Smith', status: 'suspended' });
    expect(patched.status).to.equal(200);
    expect(patched.body).to.include({ lastName: 'Smith', status: 'suspended' });
    expect((await api('PUT', `/users/${id}/password`, { password: 'new-password-1' })).status).to.equal(204);
    expect((await api('PUT', `/users/${id}/password`, { password: 'short' })).status).to.equal(400);
    const list = await api('GET', '/users?limit=500');
    expect(list.body.items.map((u: { username: string }) => u.username)).to.include('jane.doe');
    expect((await api('DELETE', `/users/${id}`)).status).to.equal(204);
    expect((await api('GET', `/users/${id}`)).status).to.equal(404);
  });

  it('answers 409 naming the field when a username or email is taken, whatever the case', async () => {
    const res = await api('POST', '/users', { username: 'DEMO.USER', email: 'x@example.com' });
    expect(res.status).to.equal(409);
    expect(res.body.error).to.equal('conflict');
    expect(res.body.details[0].field).to.equal('username');
    const email = await api('POST', '/users', { username: 'someone.else', email: 'Demo.User@Example.com' });
    expect(email.status).to.equal(409);
    expect(email.body.details[0].field).to.equal('email');
  });

  it('lists every shape problem at once with 400 validation_failed, then the username and email rules', async () => {
    const res = await api('POST', '/users', { username: 'has space', email: 'not-an-email', password: 'x', colour: 'blue' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('validation_failed');
    expect(res.body.details).to.deep.equal([
      { field: 'colour', message: 'is not a known field' },
      { field: 'password', message: 'must be a string of 8 to 1024 characters' },
    ]);
    const rules = await api('POST', '/users', { username: 'has space', email: 'not-an-email', password: 'long-enough' });
    expect(rules.status).to.equal(400);
    expect(rules.body.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['email', 'username']);
    const app = await api('POST', '/applications', { name: 'Bad Name!', acsUrls: ['ftp://x'], signing: 'sometimes' });
    expect(app.body.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['acsUrls[0]', 'name', 'signing']);
  });

  it('wires a group to an application and lets its member launch it', async () => {
    const app = await api('POST', '/applications', {
      name: 'wiki',
      displayLabel: 'Wiki',
      spEntityId: 'wiki.test',
      acsUrls: ['https://wiki.test/acs'],
    });
    expect(app.status).to.equal(201);
    expect(app.body).to.include({
      name: 'wiki',
      idpEntityId: `${h.url}/saml2/wiki`,
      idpEntityIdIsDefault: true,
      ssoUrl: `${h.url}/saml2/wiki`,
    });
    expect(app.body.attributes).to.deep.equal([
      { name: 'Username', source: 'username' },
      { name: 'FirstName', source: 'firstName' },
      { name: 'LastName', source: 'lastName' },
      { name: 'Email', source: 'email' },
    ]);
    const group = await api('POST', '/groups', { name: 'Wiki Users' });
    expect(group.status).to.equal(201);
    expect((await api('POST', '/groups', { name: 'wiki users' })).status).to.equal(409);
    const user = await api('POST', '/users', { username: 'wiki.reader', email: 'reader@example.com' });
    expect((await api('PUT', `/groups/${group.body.id}/members/${user.body.id}`)).status).to.equal(204);
    expect((await api('PUT', `/applications/${app.body.id}/bindings/${group.body.id}`)).status).to.equal(204);
    expect(await h.idp.services.authorization.canLaunch(user.body.id, app.body.id)).to.equal(true);
    expect((await api('GET', `/applications/${app.body.id}`)).body.groupIds).to.deep.equal([group.body.id]);
    expect((await api('DELETE', `/applications/${app.body.id}/bindings/${group.body.id}`)).status).to.equal(204);
    expect(await h.idp.services.authorization.canLaunch(user.body.id, app.body.id)).to.equal(false);
    expect((await api('DELETE', `/groups/${group.body.id}/members/${user.body.id}`)).status).to.equal(204);
    expect((await api('PUT', `/groups/${group.body.id}/members/nope`)).status).to.equal(404);
  });

  it('refuses to rename an application (409, delete and recreate) but edits the rest', async () => {
    const app = await api('POST', '/applications', { name: 'crm', spEntityId: 'crm.test', acsUrls: ['https://crm.test/acs'] });
    const rename = await api('PATCH', `/applications/${app.body.id}`, { name: 'crm2' });
    expect(rename.status).to.equal(409);
    expect(rename.body.error).to.equal('sso_url_immutable');
    expect(rename.body.message).to.equal(
      "The SSO IdP URL can't be changed after the application is created: delete the application and create it again.",
    );
    const edit = await api('PATCH', `/applications/${app.body.id}`, {
      displayLabel: 'CRM',
      ssoActive: false,
      idpEntityId: 'urn:crm:idp',
      nameIdSource: 'email',
    });
    expect(edit.status).to.equal(200);
    expect(edit.body).to.include({
      name: 'crm',
      displayLabel: 'CRM',
      ssoActive: false,
      idpEntityId: 'urn:crm:idp',
      idpEntityIdIsDefault: false,
      nameIdSource: 'email',
    });
    const reset = await api('PATCH', `/applications/${app.body.id}`, { idpEntityId: null });
    expect(reset.body.idpEntityId).to.equal(`${h.url}/saml2/crm`);
    expect((await api('POST', '/applications', { name: 'crm', spEntityId: 'x', acsUrls: ['https://x.test/acs'] })).status).to.equal(409);
  });

  it('returns the IdP certificate with its fingerprints', async () => {
    const list = await api('GET', '/applications');
    const talent = list.body.items.find((a: { name: string }) => a.name === 'talentlms');
    const res = await api('GET', `/applications/${talent.id}/certificate`);
    expect(res.status).to.equal(200);
    expect(res.body.pem).to.equal(h.idp.signing.certificatePem);
    expect(res.body.sha1).to.match(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(res.body.sha256).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(Date.parse(res.body.notAfter)).to.be.greaterThan(Date.now());
  });

  it('filters and pages events, and validates the query', async () => {
    await fetch(`${h.url}/saml2/nope`);
    const res = await api('GET', '/events?type=sso_auth&success=false&limit=1');
    expect(res.status).to.equal(200);
    expect(res.body.items).to.have.length(1);
    expect(res.body.items[0]).to.include({ type: 'sso_auth', success: false, reason: 'unknown_application' });
    for (let i = 0; i < 6; i++) await api('POST', '/groups', { name: `events-group-${i}` });
    const writes = await api('GET', '/events?type=admin_api&limit=500');
    expect(writes.body.total).to.be.greaterThan(5);
    const bad = await api('GET', '/events?success=maybe&from=yesterday&limit=0');
    expect(bad.status).to.equal(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['from', 'limit', 'success']);
    const future = await api('GET', `/events?from=${new Date(Date.now() + 3600_000).toISOString()}`);
    expect(future.body.total).to.equal(0);
  });

  it('serves its OpenAPI description without a key, listing every route', async () => {
    const res = await api('GET', '/openapi.json', undefined, null);
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(Object.keys(res.body.paths)).to.include.members([
      '/users',
      '/groups/{id}/members/{userId}',
      '/applications/{id}/bindings/{groupId}',
      '/events',
    ]);
  });

  it('answers unknown endpoints and methods with JSON errors', async () => {
    expect((await api('GET', '/nothing-here')).body).to.deep.include({ error: 'not_found' });
    expect((await api('PUT', '/users')).status).to.equal(405);
  });
});
