// Walks the IdP's routers; every state-changing route that is neither the admin API (x-api-key) nor
// the SAML binding endpoint must refuse a request without a CSRF token (403), even with valid sessions.
import { fillParams, routesOf, STATE_CHANGING, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { adminSignIn } from '../../helpers/admin.js';
import { signInThroughForm, startIdp } from '../../helpers/harness.js';

/** Explicit exemptions, each with its reason. A new state-changing route not listed here must check CSRF. */
const EXEMPT: Record<string, string> = {
  'POST /saml2/:app':
    'SAML HTTP-POST binding (saml-bindings §3.5): a cross-site POST by design; it only reads an AuthnRequest and answers with a page',
  'POST /saml2/:app/slo':
    'SAML SingleLogoutService, HTTP-POST binding (saml-profiles §4.4): a cross-site POST by design; only a LogoutRequest or LogoutResponse signed with the application certificate (or accepted by its signing settings) acts',
};
/** x-api-key authenticated: no cookie is ever accepted there, so a cross-site request carries no credential. */
const isApiRoute = (path: string) => path === '/api' || path.startsWith('/api/');

describe('CSRF on every state-changing IdP route (route walker)', () => {
  const h = suiteFixture(() => startIdp());

  const allRoutes = () => [...routesOf(h.idp.routers.public), ...routesOf(h.idp.routers.admin), ...routesOf(h.idp.routers.api)];

  it('finds the routers and their state-changing routes', () => {
    const changing = allRoutes().filter((r) => STATE_CHANGING.has(r.method));
    expect(changing.map((r) => `${r.method} ${r.path}`)).to.include.members([
      'POST /login',
      'POST /logout',
      'POST /admin/login',
      'POST /admin/users',
      'POST /saml2/:app',
    ]);
    expect(changing.some((r) => isApiRoute(r.path))).to.equal(true);
  });

  it('refuses each non-exempt form POST without _csrf with 403 csrf_failed, while signed in as user and admin', async () => {
    const client = h.client();
    await signInThroughForm(client, '/login');
    await adminSignIn(client);
    expect((await client.get('/userconsole/')).status, 'user session works').to.equal(200);
    expect((await client.get('/admin/users')).status, 'admin session works').to.equal(200);
    const failures: string[] = [];
    for (const { method, path } of allRoutes()) {
      const key = `${method} ${path}`;
      if (!STATE_CHANGING.has(method) || isApiRoute(path) || key in EXEMPT) continue;
      const res = await fetch(client.url(fillParams(path)), {
        method,
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: client.cookies.header(),
        },
        body: new URLSearchParams({ name: 'csrf-walker', email: 'walker@example.com', password: 'x'.repeat(12) }),
      });
      const body = await res.text();
      if (res.status !== 403 || !body.includes('csrf_failed')) failures.push(`${key} → ${res.status}`);
    }
    expect(failures, 'routes that accepted a form without a CSRF token').to.deep.equal([]);
    // The walk changed nothing: the sessions are still there.
    expect((await client.get('/admin/users')).status).to.equal(200);
  });

  it('never lets the session cookies authenticate an admin API write (x-api-key only)', async () => {
    const client = h.client();
    await signInThroughForm(client, '/login');
    await adminSignIn(client);
    const failures: string[] = [];
    for (const { method, path } of allRoutes()) {
      if (!STATE_CHANGING.has(method) || !isApiRoute(path)) continue;
      const res = await fetch(client.url(fillParams(path)), {
        method,
        headers: { 'content-type': 'application/json', cookie: client.cookies.header() },
        body: '{}',
      });
      if (res.status !== 401) failures.push(`${method} ${path} → ${res.status}`);
    }
    expect(failures).to.deep.equal([]);
  });
});
