// Session fixation (new session ID at every sign-in, the old one dead), cookie flags, security headers.
import { cookieProblems, securityHeaderProblems, securityHeaderProblemsAt, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { ADMIN_COOKIE } from '../../../src/http/admin/kit/admin-session.js';
import { SESSION_COOKIE } from '../../../src/http/auth-session.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, adminSignIn } from '../../helpers/admin.js';
import { Client } from '../../helpers/client.js';
import { signInThroughForm, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';

const only = (base: string, name: string, value: string) => {
  const c = new Client(base);
  c.cookies.set(name, value);
  return c;
};

describe('IdP sessions, cookies and security headers', () => {
  const h = suiteFixture(() => startIdp());

  describe('session fixation', () => {
    // Viewing a sign-in form creates no session (nothing to fixate); an ID planted by an attacker is not adopted.
    const fixationCases: {
      title: string;
      cookie: string;
      form: string;
      credentials: Record<string, string>;
      signedIn: number;
      page: string;
      refused: { status: number; location: RegExp };
    }[] = [
      {
        title: 'gives the user a new session ID at sign-in and the pre-login ID signs nobody in',
        cookie: SESSION_COOKIE,
        form: '/login',
        credentials: { username: 'demo.user', password: 'demo-password' },
        signedIn: 302,
        page: '/userconsole/',
        refused: { status: 302, location: /^\/login/ },
      },
      {
        title: 'gives the admin a new session ID at sign-in and the pre-login ID is not an admin',
        cookie: ADMIN_COOKIE,
        form: '/admin/login',
        credentials: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        signedIn: 303,
        page: '/admin/users',
        refused: { status: 303, location: /^\/admin\/login/ },
      },
    ];
    for (const { title, cookie, form, credentials, signedIn, page, refused } of fixationCases) {
      it(title, async () => {
        const client = h.client();
        const html = await (await client.get(form)).text();
        expect(client.cookies.get(cookie), 'no session before sign-in').to.equal(undefined);
        const before = 'planted-by-an-attacker';
        client.cookies.set(cookie, before);
        const res = await client.post(form, { _csrf: inputValue(html, '_csrf') ?? '', ...credentials });
        expect(res.status).to.equal(signedIn);
        const after = client.cookies.get(cookie) ?? '';
        expect(after).to.not.equal('').and.not.equal(before);
        expect((await client.get(page)).status, 'new ID works').to.equal(200);
        const old = await only(h.url, cookie, before).get(page);
        expect(old.status, 'old ID is dead').to.equal(refused.status);
        expect(old.headers.get('location')).to.match(refused.location);
      });
    }

    it('does the same at an SSO sign-in (login flow)', async () => {
      const client = h.client();
      const start = await client.get('/saml2/talentlms');
      const loginPath = start.headers.get('location') ?? '';
      await client.get(loginPath);
      const before = client.cookies.get(SESSION_COOKIE) ?? '';
      const res = await signInThroughForm(client, loginPath);
      expect(res.status).to.equal(200);
      expect(client.cookies.get(SESSION_COOKIE)).to.not.equal(before);
      expect((await only(h.url, SESSION_COOKIE, before).get('/userconsole/')).status).to.equal(302);
    });
  });

  describe('headers on every page and API response', () => {
    it('sends CSP without unsafe-inline, frame-ancestors none, Referrer-Policy and nosniff on every HTML page', async () => {
      const client = h.client();
      await signInThroughForm(client, '/login');
      await adminSignIn(client);
      const app = await h.idp.services.directory.findApplicationByName('talentlms');
      const user = await h.idp.services.directory.findUserByUsername('demo.user');
      const pages = [
        '/login',
        '/login?flow=unknown-flow',
        '/userconsole/',
        '/saml2/talentlms', // the auto-posting SAML form page (signed in)
        '/saml2/talentlms?SAMLRequest=%%%', // 400 error page
        '/saml2/no-such-app', // 404 error page
        '/no/such/page',
        '/admin/login',
        '/admin/applications',
        '/admin/applications/new',
        `/admin/applications/${app?.id}`,
        `/admin/applications/${app?.id}/sso`,
        '/admin/users',
        `/admin/users/${user?.id}`,
        '/admin/groups',
        '/admin/insights',
        '/admin/applications/nope', // admin 404
      ];
      const problems: string[] = [];
      const types = new Set<string>();
      for (const path of pages) {
        const res = await client.get(path);
        const type = res.headers.get('content-type') ?? '';
        types.add(`${path} ${res.status} ${type.split(';')[0]}`);
        if (!type.startsWith('text/html')) problems.push(`${path}: ${res.status} ${type} is not an HTML page`);
        problems.push(...securityHeaderProblems(path, res), ...cookieProblems(path, res, false));
      }
      expect(problems).to.deep.equal([]);
      const form = await (await client.get('/saml2/talentlms')).text();
      expect(form, 'the SAML POST page has no inline script or style').not.to.match(/<script>|<script [^>]*>[^<]|style="|onload=/);
    });

    it('sends nosniff on JSON and metadata responses (admin API, OpenAPI, errors, SAML metadata)', async () => {
      const key = { 'x-api-key': 'idp-demo-admin-key' };
      const problems = await securityHeaderProblemsAt(h.url, [
        ['/api/users', key],
        ['/api/users', {}],
        ['/api/nope', key],
        ['/api/openapi.json', {}],
        ['/saml2/talentlms/metadata', {}],
      ]);
      expect(problems).to.deep.equal([]);
    });
  });

  describe('cookies on an https base URL (TLS proxy in front)', () => {
    const s = suiteFixture(() => startIdp({ baseUrl: 'https://idp.example' }));

    it('marks every cookie Secure and HttpOnly; the user session is SameSite=None, the admin session Lax', async () => {
      const proto = { 'x-forwarded-proto': 'https' };
      const client = s.client();
      const user = await client.get('/login', proto);
      const admin = await s.client().get('/admin/login', proto);
      expect([...cookieProblems('/login', user, true), ...cookieProblems('/admin/login', admin, true)]).to.deep.equal([]);
      // The forms' CSRF cookies are __Host- prefixed and Lax; the user session (set at sign-in) is SameSite=None.
      expect(user.headers.get('set-cookie'))
        .to.match(/^__Host-/)
        .and.to.match(/samesite=lax/i);
      expect(admin.headers.get('set-cookie')).to.match(/samesite=lax/i);
      const signedIn = await client.post(
        '/login',
        { _csrf: inputValue(await user.text(), '_csrf') ?? '', username: 'demo.user', password: 'demo-password' },
        proto,
      );
      expect(cookieProblems('/login (signed in)', signedIn, true)).to.deep.equal([]);
      expect(signedIn.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).to.match(/samesite=none/i);
    });
  });
});
