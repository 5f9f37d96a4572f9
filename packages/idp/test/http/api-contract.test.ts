// Every documented route of the admin API, called for real: each response has a documented status and a body of the
// schema declared for that status (TypeBox's TypeCompiler on the route table the router and the document come from).

import { randomUUID } from 'node:crypto';
import { suiteFixture } from '@samlbridge/test-support';
import { type ApiRoute, type ResponseChecker, responseChecker } from '@samlbridge/web';
import { expect } from 'chai';
import { apiRoutes } from '../../src/http/api/index.js';
import type { IdpDeps } from '../../src/http/deps.js';
import { API_KEY } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';
import { type FakeScim, startFakeScim } from '../provisioning/fake-scim.js';

const MISSING = 'no-such-id';
const key = (r: ApiRoute, status: number | string) => `${r.method} ${r.path} ${status}`;

/** A body each route accepts (so that what answers is the missing resource, not the schema). */
const VALID_BODY: Record<string, unknown> = {
  'patch /users/:id': { lastName: 'Valid' },
  'put /users/:id/password': { password: 'long-enough-1' },
  'patch /groups/:id': { description: 'valid' },
  'put /groups/:id/applications': { applicationIds: [] },
  'post /applications/delete': { ids: [MISSING], count: 1 },
  'patch /applications/:id': { displayLabel: 'Valid' },
  'put /applications/:id/bindings': { groupIds: [] },
  'put /applications/:id/assertion-encryption': { blockEncryption: 'aes256-gcm' },
  'put /applications/:id/identity-management': { importSchedule: 'manual' },
  'patch /applications/:id/identity-management': { importSchedule: 'manual' },
  'post /applications/:id/identity-management/reauth': {},
  'post /applications/:id/identity-management/import': { ids: ['r1'] },
  'put /applications/:id/single-logout': { sloUrl: '', sloResponseUrl: '', binding: 'redirect' },
  'put /users/:id/mfa': { required: true },
  'put /groups/:id/mfa': { required: true },
  'put /applications/:id/mfa': { required: true },
  'put /mfa/settings': { graceSeconds: 0, requireForAdmins: false },
};

/** A query that breaks each paged or searched route's schema. */
function badQuery(route: ApiRoute): string {
  const names = Object.keys(route.query?.properties ?? {});
  if (names.includes('limit')) return '?limit=0';
  if (names.includes('count')) return '?count=0';
  return `?${names[0]}=a&${names[0]}=b`;
}

describe('admin API contract: real responses match the declared schemas', function () {
  this.timeout(30000);
  const h = suiteFixture(() => startIdp({ provisioningWorker: false, secretKey: 'b'.repeat(64) }));
  let scim: FakeScim;
  let routes: ApiRoute[];
  let checker: ResponseChecker;
  let covered: Set<string>;
  let violations: string[];

  before(async () => {
    scim = await startFakeScim();
    routes = apiRoutes(h.idp as unknown as IdpDeps);
    checker = responseChecker(routes);
  });
  after(async () => {
    await scim.close();
  });
  beforeEach(() => {
    covered = new Set();
    violations = [];
  });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') expect(violations).to.deep.equal([]);
  });

  /** Calls the API, checks the response against its declaration and notes the (route, status) as exercised. */
  async function api(method: string, path: string, body?: unknown, apiKey: string | null = API_KEY) {
    const res = await fetch(`${h.url}/api${path}`, {
      method,
      headers: {
        ...(apiKey ? { 'x-api-key': apiKey } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
    const json: any = text ? JSON.parse(text) : undefined;
    violations.push(...checker.problems(method, path, res.status, json));
    const route = checker.routeFor(method, path);
    if (route) covered.add(key(route, res.status));
    return { status: res.status, body: json };
  }

  const concrete = (route: ApiRoute, value = MISSING) => route.path.replace(/:\w+/g, value);
  const documented = (status: number) => routes.filter((r) => r.responses[status]);

  it('answers 401 with an Error body on every route without a valid API key', async () => {
    for (const route of routes) {
      const res = await api(route.method.toUpperCase(), concrete(route), VALID_BODY[`${route.method} ${route.path}`], null);
      expect(res.status, `${route.method} ${route.path}`).to.equal(401);
    }
    expect([...covered].sort()).to.deep.equal(routes.map((r) => key(r, 401)).sort());
  });

  it('answers 404 with an Error body on every route that documents it, when the resource is missing', async () => {
    for (const route of documented(404)) {
      const res = await api(route.method.toUpperCase(), concrete(route), VALID_BODY[`${route.method} ${route.path}`]);
      expect(res.status, `${route.method} ${route.path}`).to.equal(404);
      expect(res.body.message).to.be.a('string').and.not.equal('');
    }
    expect(covered.size).to.equal(documented(404).length);
  });

  it('answers 400 listing every field problem when a request breaks its schema', async () => {
    const checked = documented(400).filter((r) => r.body || r.query);
    for (const route of checked) {
      const path = concrete(route) + (route.query ? badQuery(route) : '');
      const res = await api(route.method.toUpperCase(), path, route.body ? { 'no-such-field': 1 } : undefined);
      expect(res.status, `${route.method} ${route.path}`).to.equal(400);
      expect(res.body.error).to.equal('validation_failed');
      expect(res.body.details).to.have.length.greaterThan(0);
    }
    // Every route documenting 400 takes a body or a query.
    expect(checked.map((r) => key(r, 400))).to.deep.equal(documented(400).map((r) => key(r, 400)));
  });

  it('answers the success status of every route with a body of its declared schema', async () => {
    const user = (await api('POST', '/users', { username: 'contract.user', email: 'contract@example.com', password: 'contract-pass' }))
      .body;
    await api('GET', '/users?limit=5');
    await api('GET', `/users/${user.id}`);
    await api('PATCH', `/users/${user.id}`, { firstName: 'Con' });
    await api('PUT', `/users/${user.id}/password`, { password: 'contract-pass-2' });
    await api('POST', `/users/${user.id}/suspend`);
    await api('POST', `/users/${user.id}/activate`);
    await api('POST', `/users/${user.id}/invitations`);
    await api('POST', '/invitations', { userIds: [user.id, MISSING] });
    const group = (await api('POST', '/groups', { name: 'Contract Group', description: 'd' })).body;
    await api('GET', '/groups');
    await api('GET', `/groups/${group.id}`);
    await api('PATCH', `/groups/${group.id}`, { description: 'e' });
    await api('PUT', `/groups/${group.id}/members/${user.id}`);
    await api('GET', `/groups/${group.id}/members`);
    await api('GET', '/catalog?q=talent');
    const app = (await api('POST', '/applications', { catalog: 'bookmark', displayLabel: 'Contract Link', bookmarkUrl: 'https://c.test/' }))
      .body;
    await api('GET', '/applications');
    await api('GET', `/applications/${app.id}`);
    await api('PATCH', `/applications/${app.id}`, { description: 'A link' });
    await api('POST', `/applications/${app.id}/deactivate`);
    await api('POST', `/applications/${app.id}/activate`);
    await api('GET', `/applications/${app.id}/certificate`);
    await api('PUT', `/applications/${app.id}/bindings`, { groupIds: [group.id] });
    await api('DELETE', `/applications/${app.id}/bindings/${group.id}`);
    await api('PUT', `/applications/${app.id}/bindings/${group.id}`);
    await api('GET', `/groups/${group.id}/applications`);
    await api('PUT', `/groups/${group.id}/applications`, { applicationIds: [] });
    await api('GET', '/events?type=admin_api&success=true&limit=3');
    await api('PUT', `/applications/${app.id}/single-logout`, { sloUrl: 'https://c.test/slo', sloResponseUrl: '', binding: 'post' });
    await api('GET', `/applications/${app.id}/single-logout`);
    await api('DELETE', `/users/${user.id}/sessions`);

    // Multi-factor sign-in: a user's state, factors and reset; group and application rules; the settings.
    await api('PUT', `/users/${user.id}/mfa`, { required: true });
    await api('GET', `/users/${user.id}/mfa`);
    await api('GET', `/users/${user.id}/mfa/factors`);
    await api('DELETE', `/users/${user.id}/mfa/factors`);
    await api('PUT', `/groups/${group.id}/mfa`, { required: true });
    await api('GET', `/groups/${group.id}/mfa`);
    await api('PUT', `/applications/${app.id}/mfa`, { required: false });
    await api('GET', `/applications/${app.id}/mfa`);
    await api('PUT', '/mfa/settings', { graceSeconds: 0, requireForAdmins: false });
    await api('GET', '/mfa/settings');

    // Identity Management against a real (fake) SCIM server.
    await api('GET', '/applications/talentlms/assertion-encryption');
    await api('PUT', '/applications/talentlms/assertion-encryption', { blockEncryption: 'aes128-gcm' });
    const talentlmsId = (await h.idp.services.directory.findApplicationByName('talentlms'))?.id;
    await api('POST', `/applications/${talentlmsId}/attributes/standard-oids`);
    const idm = '/applications/talentlms/identity-management';
    const demo = (await api('GET', '/users?limit=500')).body.items.find((u: { username: string }) => u.username === 'demo.user');
    scim.users.set('r1', { id: 'r1', userName: 'remote.one', name: { givenName: 'R', familyName: 'One' }, emails: [] });
    await api('PUT', idm, { baseUrl: scim.url, token: scim.token });
    await api('GET', idm);
    await api('PATCH', idm, { deleteOnIdpDelete: false });
    await api('GET', `${idm}/users`);
    await api('GET', `${idm}/users/${demo.id}`);
    await api('POST', `${idm}/users/${demo.id}/resync`);
    await api('GET', `${idm}/import?newOnly=true`);
    await api('POST', `${idm}/import`, { ids: ['r1'] });
    const started = await api('POST', `${idm}/import`, { ids: Array.from({ length: 101 }, (_, i) => `bulk-${i}`) });
    expect(started.status).to.equal(202);
    await api('POST', `${idm}/deactivate`);
    await api('POST', `${idm}/reauth`, {});
    const nid = randomUUID();
    await h.idp.store.notifications.insert({ id: nid, time: new Date(), applicationId: null, kind: 'test', message: 'm', read: false });
    await api('GET', '/notifications?unread=true');
    await api('POST', `/notifications/${nid}/read`);
    await api('DELETE', idm);

    await api('DELETE', `/groups/${group.id}/members/${user.id}`);
    await api('POST', '/applications/delete', { ids: [app.id], count: 1 });
    const other = (await api('POST', '/applications', { displayLabel: 'Contract Other' })).body;
    await api('DELETE', `/applications/${other.id}`);
    await api('DELETE', `/groups/${group.id}`);
    await api('DELETE', `/users/${user.id}`);

    // SP metadata import: preview, then save.
    const sp = (await api('GET', '/applications?limit=500')).body.items.find((a: { name: string }) => a.name === 'talentlms');
    const spMetadata = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="talentlms.test"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://sp.test/acs" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`;
    await api('POST', `/applications/${sp.id}/metadata-import/preview`, { xml: spMetadata });
    await api('POST', `/applications/${sp.id}/metadata-import`, { xml: spMetadata });

    // Signing-key rotation: generate the next key, activate it, retire the previous one.
    await api('GET', '/signing-keys');
    const next = (await api('POST', '/signing-keys')).body;
    const before = (await api('GET', '/signing-keys')).body.items.find((k: { state: string }) => k.state === 'active');
    await api('POST', `/signing-keys/${next.id}/activate`);
    await api('POST', `/signing-keys/${before.id}/retire`);

    const successes = routes.flatMap((r) =>
      Object.keys(r.responses)
        .filter((s) => s.startsWith('2'))
        .map((s) => key(r, s)),
    );
    expect([...covered].filter((c) => / 2\d\d$/.test(c)).sort()).to.deep.equal(successes.sort());
  });

  it('answers every documented conflict and refusal with an Error body of its schema', async () => {
    const user = (await api('POST', '/users', { username: 'conflict.user', email: 'conflict@example.com' })).body;
    await api('POST', '/users', { username: 'CONFLICT.USER', email: 'other@example.com' });
    await api('PATCH', `/users/${user.id}`, { username: 'demo.user' });
    await api('POST', `/users/${user.id}/suspend`);
    await api('POST', `/users/${user.id}/invitations`);
    const group = (await api('POST', '/groups', { name: 'Conflict Group' })).body;
    await api('POST', '/groups', { name: 'conflict group' });
    await api('POST', '/groups', { name: 'Conflict Group 2' });
    await api('PATCH', `/groups/${group.id}`, { name: 'conflict group 2' });
    await api('POST', '/applications', { name: 'talentlms', spEntityId: 'x', acsUrls: ['https://x.test/acs'] });
    const talentlms = (await api('GET', '/applications?limit=500')).body.items.find((a: { name: string }) => a.name === 'talentlms');
    await api('PATCH', `/applications/${talentlms.id}`, { name: 'moved' });
    const link = (await api('POST', '/applications', { catalog: 'bookmark', displayLabel: 'OID Link', bookmarkUrl: 'https://l.test/' }))
      .body;
    await api('POST', `/applications/${link.id}/attributes/standard-oids`);

    const idm = `/applications/${talentlms.id}/identity-management`;
    await api('PUT', idm, { baseUrl: scim.url, token: 'wrong-token' });
    await api('PUT', idm, { baseUrl: scim.url, token: scim.token });
    await api('PUT', idm, { token: 'another-token' });
    await api('PATCH', idm, { token: 'another-token' });
    await api('POST', `${idm}/reauth`, { token: 'another-token' });
    await api('PATCH', idm, { baseUrl: 'not a url' });
    await api('POST', `${idm}/deactivate`);
    await api('POST', `${idm}/reauth`, { token: 'wrong-token' });
    await api('POST', `${idm}/users/${user.id}/resync`);
    await api('GET', `${idm}/import`);
    await api('POST', `${idm}/import`, { ids: ['r1'] });
    await api('GET', `${idm}/users/${MISSING}`);
    await api('DELETE', idm);

    // A second standby key, and activating the key that already signs: both 409.
    const standby = (await api('POST', '/signing-keys')).body;
    await api('POST', '/signing-keys');
    const signing = (await api('GET', '/signing-keys')).body.items.find((k: { state: string }) => k.state === 'active');
    await api('POST', `/signing-keys/${signing.id}/activate`);
    await api('POST', `/signing-keys/${signing.id}/retire`);
    await api('POST', `/signing-keys/${standby.id}/retire`);

    const automatic = new Set([
      ...routes.map((r) => key(r, 401)),
      ...documented(404).map((r) => key(r, 404)),
      ...documented(400)
        .filter((r) => r.body || r.query)
        .map((r) => key(r, 400)),
    ]);
    const expected = routes.flatMap((r) =>
      Object.keys(r.responses)
        .filter((s) => !s.startsWith('2') && !automatic.has(key(r, s)))
        .map((s) => key(r, s)),
    );
    expect(expected.filter((k) => !covered.has(k))).to.deep.equal([]);
  });
});
