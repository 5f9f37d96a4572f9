// SP: CSRF route walker, session fixation, cookie flags and security headers.
import {
  CookieJar,
  cookieProblems,
  routesOf,
  STATE_CHANGING,
  securityHeaderProblems,
  securityHeaderProblemsAt,
  suiteFixture,
} from '@samlbridge/test-support';
import { expect } from 'chai';
import { SESSION_COOKIE } from '../../src/index.js';
import { ADMIN_KEY, sessionOf, startSp } from '../helpers/harness.js';
import { passwordSignIn, superAdmin } from './support.js';

/** Explicit exemptions, each with its reason. A new state-changing page route not listed here must check CSRF. */
const EXEMPT: Record<string, string> = {
  'POST /simplesaml/module.php/saml/sp/saml2-acs.php/:host':
    'SAML ACS (saml-bindings §3.5): a cross-site POST by design; the signed Response is the credential',
  'POST /simplesaml/module.php/saml/sp/saml2-logout.php/:host':
    'SAML Single Logout, HTTP-POST binding (saml-profiles §4.4): a cross-site POST by design; only a message signed by the trusted IdP acts',
  'POST /simplesaml/module.php/saml/sp/saml2-logout.php/:host/soap':
    'SAML Single Logout, SOAP binding (saml-bindings §3.2): server to server, no cookie is read; only a LogoutRequest signed by the trusted IdP acts',
};
/** Bearer-authenticated JSON APIs: no cookie is accepted, so a cross-site request carries no credential. */
const isApiRoute = (path: string) => path.startsWith('/api/admin/') || path === '/api/scim2' || path.startsWith('/api/scim2/');

const withCookie = (value: string) => {
  const jar = new CookieJar();
  jar.store(new Response(null, { headers: { 'set-cookie': `${SESSION_COOKIE}=${value}` } }));
  return jar;
};

describe('SP web surfaces: CSRF, sessions, cookies, headers', () => {
  const h = suiteFixture(() => startSp());

  const allRoutes = () => [...routesOf(h.sp.routers.lms), ...routesOf(h.sp.routers.scim)];

  describe('CSRF route walker', () => {
    it('finds the state-changing routes', () => {
      const keys = allRoutes()
        .filter((r) => STATE_CHANGING.has(r.method))
        .map((r) => `${r.method} ${r.path}`);
      expect(keys).to.include.members(['POST /index/login', 'POST /index/logout', 'POST /account/users/sso', 'POST /api/scim2/Users']);
    });

    it('refuses each non-exempt page POST without _csrf with 403 csrf_failed while signed in as Super Admin', async () => {
      const jar = await superAdmin(h);
      const failures: string[] = [];
      for (const { method, path } of allRoutes()) {
        const key = `${method} ${path}`;
        if (!STATE_CHANGING.has(method) || isApiRoute(path) || key in EXEMPT) continue;
        const res = await fetch(`${h.url}${path.replace(/:(\w+)/g, '1')}`, {
          method,
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
          body: new URLSearchParams({ action: 'enable', confirm: 'yes', login: 'admin', password: 'admin-demo-password' }),
        });
        const body = await res.text();
        if (res.status !== 403 || !body.includes('csrf_failed')) failures.push(`${key} → ${res.status}`);
      }
      expect(failures, 'routes that accepted a form without a CSRF token').to.deep.equal([]);
      expect(await sessionOf(h, jar), 'still signed in').to.not.equal(undefined);
    });

    it('never lets the session cookie authenticate an API write (bearer key only)', async () => {
      const jar = await superAdmin(h);
      const failures: string[] = [];
      for (const { method, path } of allRoutes()) {
        if (!STATE_CHANGING.has(method) || !isApiRoute(path)) continue;
        const res = await fetch(`${h.url}${path.replace(/:(\w+)/g, '1')}`, {
          method,
          headers: { 'content-type': 'application/json', cookie: jar.header() },
          body: '{}',
        });
        if (res.status !== 401) failures.push(`${method} ${path} → ${res.status}`);
      }
      expect(failures).to.deep.equal([]);
    });
  });

  describe('session fixation', () => {
    /** A visitor on the sign-in page with a session ID an attacker planted (the page itself creates no session). */
    async function plantedSession(): Promise<{ jar: CookieJar; before: string }> {
      const jar = new CookieJar();
      await h.get('/', jar);
      // Viewing the sign-in page creates no session (nothing to fixate); an ID planted by an attacker is not adopted.
      expect(jar.get(SESSION_COOKIE), 'no session before sign-in').to.equal(undefined);
      const before = 'planted-by-an-attacker';
      jar.set(SESSION_COOKIE, before);
      return { jar, before };
    }

    it('gives a new session ID at local sign-in; the pre-login ID signs nobody in', async () => {
      const { jar, before } = await plantedSession();
      expect((await passwordSignIn(h, jar, 'admin', 'admin-demo-password')).status).to.equal(303);
      const after = jar.get(SESSION_COOKIE) ?? '';
      expect(after).to.not.equal('').and.not.equal(before);
      expect(await sessionOf(h, jar)).to.include({ login: 'admin' });
      expect(await sessionOf(h, withCookie(before))).to.equal(undefined);
    });

    it('gives a new session ID at ACS sign-in; the pre-login ID signs nobody in', async () => {
      const { jar, before } = await plantedSession();
      const { res } = await h.postAcs(h.responseXml(), { jar });
      expect(res.status).to.equal(303);
      const after = jar.get(SESSION_COOKIE) ?? '';
      expect(after).to.not.equal('').and.not.equal(before);
      expect(await sessionOf(h, jar)).to.include({ login: 'jdoe' });
      expect(await sessionOf(h, withCookie(before))).to.equal(undefined);
    });
  });

  describe('headers and cookies', () => {
    it('sends CSP without unsafe-inline, frame-ancestors none, Referrer-Policy and nosniff on every HTML page; cookies HttpOnly + SameSite', async () => {
      const jar = await superAdmin(h);
      const pages = [
        '/',
        '/index',
        '/dashboard',
        '/account/users',
        '/account/users/trash',
        '/account/users/sso',
        '/account/users/999/purge', // 404 page
        '/no/such/page',
        '/index/ssologin/service:saml?RelayState=%2Fdashboard', // redirect to the IdP
      ];
      const problems: string[] = [];
      for (const path of pages) {
        const res = await h.get(path, jar);
        problems.push(...securityHeaderProblems(path, res), ...cookieProblems(path, res, false));
      }
      // Error pages for people, from the ACS (refusal) and without a session.
      const acs = await h.postAcs('not-base64!');
      expect(acs.res.status).to.equal(403);
      problems.push(...securityHeaderProblems('ACS refusal', acs.res), ...cookieProblems('ACS refusal', acs.res, false));
      const ok = await h.postAcs(h.responseXml());
      problems.push(...cookieProblems('ACS sign-in', ok.res, false));
      expect(ok.res.headers.get('set-cookie')).to.match(/samesite=lax/i);
      expect(problems).to.deep.equal([]);
      expect(acs.res.headers.get('content-type')).to.match(/^text\/html/);
    });

    it('sends nosniff on JSON (admin API, session API, SCIM) and metadata responses', async () => {
      const scimKey = ((await (await h.api('POST', '/api/admin/scim')).json()) as { apiKey: string }).apiKey;
      const problems = await securityHeaderProblemsAt(h.url, [
        ['/api/admin/sso', { authorization: `Bearer ${ADMIN_KEY}` }],
        ['/api/admin/sso', {}],
        ['/api/session', {}],
        ['/api/scim2/Users', { authorization: `Bearer ${scimKey}` }],
        ['/api/scim2/Users', {}],
        ['/simplesaml/module.php/saml/sp/metadata.php/localhost', {}],
      ]);
      expect(problems).to.deep.equal([]);
    });

    describe('on an https base URL', () => {
      const s = suiteFixture(() => startSp({ config: { baseUrl: 'https://lms.example.test' } }));

      it('marks the session cookie Secure, HttpOnly, SameSite=Lax', async () => {
        const res = await s.get('/', undefined, { headers: { host: 'lms.example.test' } });
        expect(res.headers.getSetCookie()).to.have.length.greaterThan(0);
        expect(cookieProblems('/', res, true)).to.deep.equal([]);
        expect(res.headers.get('set-cookie')).to.match(/samesite=lax/i);
      });
    });
  });
});
