import { suiteFixture } from '@samlbridge/test-support';
import { responseChecker } from '@samlbridge/web';
import { expect } from 'chai';
import { apiRoutes } from '../../src/http/api/index.js';
import type { IdpDeps } from '../../src/http/deps.js';
import { apiClient } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';

describe('admin JSON API: applications, catalog, bindings', () => {
  const h = suiteFixture(() => startIdp());
  let checker: ReturnType<typeof responseChecker>;
  before(async () => {
    checker = responseChecker(apiRoutes(h.idp as unknown as IdpDeps));
  });

  const api = apiClient(h);

  /** Checks a response against the route table's declaration for (method, path template, status). */
  function conforms(method: string, path: string, status: number, body: unknown) {
    const concrete = path.replace(/\{\w+\}/g, 'x');
    expect(checker.routeFor(method, concrete)?.path, `${method} ${path} documented`).to.equal(path.replace(/\{(\w+)\}/g, ':$1'));
    expect(checker.problems(method, concrete, status, body)).to.deep.equal([]);
  }

  it('lists the catalog and creates TalentLMS from it with its placeholders and default attributes', async () => {
    const catalog = await api('GET', '/catalog?q=talentlms');
    conforms('get', '/catalog', 200, catalog.body);
    expect(catalog.body.items.map((c: { id: string }) => c.id)).to.deep.equal(['talentlms', 'talentlms-bookmark']);
    const created = await api('POST', '/applications', { catalog: 'talentlms', displayLabel: 'TalentLMS Two' });
    expect(created.status).to.equal(201);
    conforms('post', '/applications', 201, created.body);
    expect(created.body).to.include({
      name: 'talentlms-two',
      ssoUrl: `${h.url}/saml2/talentlms-two`,
      spEntityId: 'YOURDOMAIN.talentlms.com',
    });
    expect(created.body.attributes.map((a: { name: string }) => a.name)).to.deep.equal(['Username', 'FirstName', 'LastName', 'Email']);
    const again = await api('POST', '/applications', { catalog: 'talentlms', displayLabel: 'TalentLMS Two' });
    expect(again.body.name).to.equal('talentlms-two-2');
  });

  it('refuses SSO settings that keep a placeholder, naming each field', async () => {
    const app = (await api('POST', '/applications', { catalog: 'talentlms', displayLabel: 'Placeholder Check' })).body;
    const res = await api('PATCH', `/applications/${app.id}`, { spEntityId: 'placeholder.test' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('placeholders_remain');
    expect(res.body.details.map((d: { field: string }) => d.field)).to.deep.equal(['acsUrls[0]']);
    expect(res.body.message).to.contain('acsUrls[0]');
    conforms('patch', '/applications/{id}', 400, res.body);
    const both = await api('PATCH', `/applications/${app.id}`, { defaultRelayState: 'https://YOURDOMAIN.talentlms.com/' });
    expect(both.body.details.map((d: { field: string }) => d.field)).to.deep.equal(['spEntityId', 'acsUrls[0]', 'defaultRelayState']);
    const ok = await api('PATCH', `/applications/${app.id}`, { spEntityId: 'p.test', acsUrls: ['https://p.test/acs'] });
    expect(ok.status).to.equal(200);
    const label = await api('PATCH', `/applications/${app.id}`, { displayLabel: 'Renamed label' });
    expect(label.body.displayLabel).to.equal('Renamed label');
  });

  it('lists every shape problem of an application at once, then the directory rules once the shape is right', async () => {
    const app = (await api('POST', '/applications', { displayLabel: 'Mapped' })).body;
    const fields = (res: { body: { details: { field: string }[] } }) => res.body.details.map((d) => d.field).sort();
    // The schema: formats, enums, patterns, object shapes — all at once.
    const shape = await api('PATCH', `/applications/${app.id}`, {
      acsUrls: ['javascript:alert(1)', 'https://ok.test/acs'],
      attributes: [{ name: 'has space', source: 'email' }, { name: 'Dept', source: 'constant' }, { name: 'X', source: 'password' }, 'nope'],
      signatureAlgorithm: 'md5',
      groupAttribute: 'bad name',
      image: 'https://evil.test/logo.png',
      ssoUrl: `${h.url}/saml2/mapped`,
    });
    expect(shape.status).to.equal(400);
    expect(shape.body.error).to.equal('validation_failed');
    expect(fields(shape)).to.deep.equal(
      ['acsUrls[0]', 'attributes[0].name', 'attributes[2].source', 'attributes[3]', 'groupAttribute', 'image', 'signatureAlgorithm'].sort(),
    );
    // The directory service: a constant needs its value, SSO settings need an SP entity ID.
    const rules = await api('PATCH', `/applications/${app.id}`, {
      acsUrls: ['https://ok.test/acs'],
      attributes: [{ name: 'Dept', source: 'constant' }],
      ssoUrl: `${h.url}/saml2/mapped`,
    });
    expect(rules.status).to.equal(400);
    expect(fields(rules)).to.deep.equal(['attributes[0].value', 'spEntityId']);
  });

  it('refuses to change the SSO IdP URL (409 sso_url_immutable), by name or by URL', async () => {
    const app = (await api('POST', '/applications', { displayLabel: 'Fixed URL', ssoUrl: `${h.url}/saml2/fixed` })).body;
    expect(app.name).to.equal('fixed');
    for (const patch of [{ name: 'moved' }, { ssoUrl: `${h.url}/saml2/moved` }]) {
      const res = await api('PATCH', `/applications/${app.id}`, patch);
      expect(res.status).to.equal(409);
      expect(res.body.error).to.equal('sso_url_immutable');
      conforms('patch', '/applications/{id}', 409, res.body);
    }
    expect(
      (await api('POST', '/applications', { displayLabel: 'x', ssoUrl: 'https://elsewhere.test/saml2/x' })).body.details[0],
    ).to.deep.equal({
      field: 'ssoUrl',
      message: `must be ${h.url}/saml2/{applicationname}`,
    });
    expect((await api('POST', '/applications', { displayLabel: 'dup', name: 'fixed' })).status).to.equal(409);
  });

  it('deactivates and activates, binds exactly the given groups, and returns the certificate card', async () => {
    const app = (await api('POST', '/applications', { displayLabel: 'Toggle', spEntityId: 't.test', acsUrls: ['https://t.test/acs'] }))
      .body;
    const off = await api('POST', `/applications/${app.id}/deactivate`);
    conforms('post', '/applications/{id}/deactivate', 200, off.body);
    expect(off.body.ssoActive).to.equal(false);
    expect((await api('POST', `/applications/${app.id}/activate`)).body.ssoActive).to.equal(true);
    const g1 = (await api('POST', '/groups', { name: 'Toggle A' })).body;
    const g2 = (await api('POST', '/groups', { name: 'Toggle B' })).body;
    let bound = await api('PUT', `/applications/${app.id}/bindings`, { groupIds: [g1.id, g2.id] });
    conforms('put', '/applications/{id}/bindings', 200, bound.body);
    bound = await api('PUT', `/applications/${app.id}/bindings`, { groupIds: [g2.id] });
    expect(bound.body.groupIds).to.deep.equal([g2.id]);
    expect((await api('PUT', `/applications/${app.id}/bindings`, { groupIds: ['nope'] })).status).to.equal(404);
    expect((await api('PUT', `/applications/${app.id}/bindings`, { groupIds: 'x' })).status).to.equal(400);
    const fromGroup = await api('PUT', `/groups/${g1.id}/applications`, { applicationIds: [app.id] });
    conforms('put', '/groups/{id}/applications', 200, fromGroup.body);
    expect((await api('GET', `/groups/${g1.id}/applications`)).body.applicationIds).to.deep.equal([app.id]);
    const cert = await api('GET', `/applications/${app.id}/certificate`);
    conforms('get', '/applications/{id}/certificate', 200, cert.body);
    expect(cert.body.talentlms).to.deep.equal({
      identityProvider: `${h.url}/saml2/toggle`,
      certificateFingerprint: h.idp.signing.fingerprints.sha1,
      remoteSignInUrl: `${h.url}/saml2/toggle`,
      remoteSignOutUrl: `${h.url}/userconsole/`,
      targetedId: 'Username',
      firstName: 'FirstName',
      lastName: 'LastName',
      email: 'Email',
    });
  });

  it('deletes several applications only with the right count, and their bindings with them', async () => {
    const a = (await api('POST', '/applications', { displayLabel: 'Bulk A' })).body;
    const b = (await api('POST', '/applications', { displayLabel: 'Bulk B' })).body;
    const g = (await api('POST', '/groups', { name: 'Bulk group' })).body;
    await api('PUT', `/groups/${g.id}/applications`, { applicationIds: [a.id, b.id] });
    const wrong = await api('POST', '/applications/delete', { ids: [a.id, b.id], count: 1 });
    expect(wrong.status).to.equal(400);
    expect(wrong.body).to.deep.include({
      error: 'confirmation_mismatch',
      message: 'Enter the number of the applications you are deleting (2) to confirm.',
    });
    expect((await api('POST', '/applications/delete', { ids: [a.id, 'missing'], count: 2 })).status).to.equal(404);
    expect((await api('GET', `/applications/${a.id}`)).status).to.equal(200);
    const done = await api('POST', '/applications/delete', { ids: [a.id, b.id], count: 2 });
    conforms('post', '/applications/delete', 200, done.body);
    expect(done.body.deleted).to.equal(2);
    expect((await api('GET', `/groups/${g.id}/applications`)).body.applicationIds).to.deep.equal([]);
    expect((await api('POST', '/applications/delete', { ids: [], count: 0 })).body.details[0].field).to.equal('ids');
  });

  it('renames groups, lists members, suspends and activates users', async () => {
    const g = (await api('POST', '/groups', { name: 'Renamable' })).body;
    const renamed = await api('PATCH', `/groups/${g.id}`, { name: 'Renamed' });
    conforms('patch', '/groups/{id}', 200, renamed.body);
    expect(renamed.body.name).to.equal('Renamed');
    const clash = await api('PATCH', `/groups/${g.id}`, { name: 'TALENTLMS USERS' });
    expect(clash.status).to.equal(409);
    expect(clash.body.details[0].field).to.equal('name');
    expect((await api('PATCH', `/groups/${g.id}`, { name: '' })).status).to.equal(400);
    const u = (await api('POST', '/users', { username: 'member.one', email: 'member.one@example.com' })).body;
    await api('PUT', `/groups/${g.id}/members/${u.id}`);
    const members = await api('GET', `/groups/${g.id}/members`);
    conforms('get', '/groups/{id}/members', 200, members.body);
    expect(members.body.items.map((m: { username: string }) => m.username)).to.deep.equal(['member.one']);
    const suspended = await api('POST', `/users/${u.id}/suspend`);
    conforms('post', '/users/{id}/suspend', 200, suspended.body);
    expect(suspended.body.status).to.equal('suspended');
    expect((await api('POST', `/users/${u.id}/activate`)).body.status).to.equal('active');
    expect((await api('POST', '/users/nope/suspend')).status).to.equal(404);
    const renameUser = await api('PATCH', `/users/${u.id}`, { username: 'Member.Two' });
    expect(renameUser.body.username).to.equal('Member.Two');
    expect((await api('PATCH', `/users/${u.id}`, { username: 'demo.USER' })).status).to.equal(409);
  });

  it('validates list and event responses against their documented schemas', async () => {
    conforms('get', '/users', 200, (await api('GET', '/users')).body);
    conforms('get', '/groups', 200, (await api('GET', '/groups')).body);
    conforms('get', '/applications', 200, (await api('GET', '/applications')).body);
    conforms('get', '/events', 200, (await api('GET', '/events?type=admin_api')).body);
    conforms('get', '/users/{id}', 404, (await api('GET', '/users/none')).body);
  });
});
