// The SP admin API's OpenAPI document (GET /api/admin/openapi.json) lists exactly the router's admin routes, holds
// together as OpenAPI 3.1, and every route's real responses match the schemas declared for their status.
import { suiteFixture } from '@samlbridge/test-support';
import { type ApiRoute, openApiProblems, responseChecker } from '@samlbridge/web';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { ADMIN_API_PREFIX, adminApiRoutes } from '../../src/http/admin-api.js';
import { spRouter } from '../../src/http/routes.js';
import { startSp } from '../helpers/harness.js';

describe('SP admin API contract: document and real responses', () => {
  const h = suiteFixture(() => startSp({ settings: false }));
  let routes: ApiRoute[];
  before(async () => {
    routes = adminApiRoutes(h.sp as never);
  });

  it('documents every /api/admin route of the router, and no route the router lacks', async () => {
    const doc = await (await fetch(`${h.url}${ADMIN_API_PREFIX}/openapi.json`)).json();
    const served = new Set<string>();
    for (const layer of spRouter(h.sp as never).stack) {
      const path = String(layer.path);
      if (!path.startsWith(`${ADMIN_API_PREFIX}/`) || path.endsWith('/openapi.json')) continue;
      for (const m of layer.methods) if (m !== 'HEAD') served.add(`${m.toLowerCase()} ${path.slice(ADMIN_API_PREFIX.length)}`);
    }
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m} ${path}`),
    );
    expect(served.size).to.equal(9);
    expect(documented.sort()).to.deep.equal([...served].sort());
    expect(openApiProblems(doc)).to.deep.equal([]);
  });

  it('answers every documented status of every route with a body of its declared schema', async () => {
    const checker = responseChecker(routes);
    const covered = new Set<string>();
    const violations: string[] = [];
    const call = async (method: string, path: string, body?: unknown, key?: string) => {
      const res = await h.api(method, `${ADMIN_API_PREFIX}${path}`, body, key);
      const text = await res.text();
      const json = text ? JSON.parse(text) : undefined;
      violations.push(...checker.problems(method, path, res.status, json));
      covered.add(`${method.toLowerCase()} ${checker.routeFor(method, path)?.path} ${res.status}`);
      return { status: res.status, body: json };
    };
    for (const r of routes) expect((await call(r.method.toUpperCase(), r.path, undefined, 'wrong-key')).status).to.equal(401);
    await call('GET', '/sso');
    await call('PUT', '/sso', { colour: 'blue' });
    expect((await call('POST', '/scim')).status).to.equal(409);
    await call('PUT', '/sso', {
      idpEntityId: 'https://idp.example.test/saml2/talentlms',
      certificateFingerprints: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD',
      remoteSignInUrl: 'https://idp.example.test/saml2/talentlms',
      attributes: { email: 'Mail' },
    });
    await call('GET', '/events?limit=0');
    await call('GET', '/events?limit=5');
    await call('GET', '/users');
    await call('GET', '/scim');
    await call('POST', '/scim');
    await call('DELETE', '/scim');
    await call('GET', '/account');
    await call('PUT', '/account', { timezone: 'Europe/Athens' });
    const bad = await call('PUT', '/account', { timezone: 7 });
    expect(bad.body.error).to.equal('invalid_timezone');
    expect(violations).to.deep.equal([]);
    const all = routes.flatMap((r) => Object.keys(r.responses).map((s) => `${r.method} ${r.path} ${s}`));
    expect([...covered].sort()).to.deep.equal(all.sort());
  });
});
