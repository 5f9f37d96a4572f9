// SP: open redirects (RelayState, return=, sign-out URL) and login throttling over HTTP.
import { CookieJar, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { safeReturnPath } from '../../src/http/return-path.js';
import { BASE_URL, startSp } from '../helpers/harness.js';
import { passwordSignIn } from './support.js';

const HOSTILE = [
  '//evil.example/x',
  '/\\evil.example/x',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  'https:evil.example',
  'http:evil.example',
  'https://evil.example/',
  'http://localhost:5000.evil.example/',
  'http://localhost:5000@evil.example/',
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' //evil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example'.replace('%5C', '\\'),
  'evil.example',
  'data:text/html,x',
  `/${'a'.repeat(1100)}`,
  // dot segments that normalise to a protocol-relative `//host` (found in review: the ACS followed them)
  '/.//evil.example/phish',
  '/x/..//evil.example/phish',
  '/%2e//evil.example',
];

describe('SP open redirects and login throttling', () => {
  const h = suiteFixture(() => startSp());

  describe('open redirects', () => {
    for (const value of HOSTILE) {
      it(`safeReturnPath refuses ${JSON.stringify(value.slice(0, 40))}`, () => {
        expect(safeReturnPath(value, BASE_URL)).to.equal(undefined);
      });
    }
    for (const [value, expected] of [
      ['/dashboard', '/dashboard'],
      ['/account/users?done=1', '/account/users?done=1'],
      [`${BASE_URL}/dashboard`, '/dashboard'],
      ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ] as const) {
      it(`safeReturnPath keeps the same-origin ${value}`, () => {
        expect(safeReturnPath(value, BASE_URL)).to.equal(expected);
      });
    }

    it('follows a RelayState after ACS sign-in only when it is a same-origin path', async () => {
      const bad: string[] = [];
      for (const relayState of HOSTILE) {
        const { res } = await h.postAcs(h.responseXml(), { relayState });
        if (res.headers.get('location') !== '/dashboard') bad.push(`${JSON.stringify(relayState)} → ${res.headers.get('location')}`);
      }
      expect(bad).to.deep.equal([]);
      const { res } = await h.postAcs(h.responseXml(), { relayState: '/account/users' });
      expect(res.headers.get('location')).to.equal('/account/users');
    });

    it('follows return= after a password sign-in only when it is a same-origin path', async () => {
      for (const value of [...HOSTILE.slice(0, 10), '/dashboard?x=1']) {
        const res = await passwordSignIn(h, new CookieJar(), 'admin', 'admin-demo-password', { return: value });
        expect(res.headers.get('location'), JSON.stringify(value)).to.equal(value === '/dashboard?x=1' ? value : '/dashboard');
      }
    });

    it('passes only same-origin RelayState to the IdP at SP-initiated sign-in', async () => {
      for (const value of HOSTILE.slice(0, 10)) {
        const res = await h.get(`/index/ssologin/service:saml?RelayState=${encodeURIComponent(value)}`);
        expect(new URL(res.headers.get('location') ?? '').searchParams.get('RelayState'), JSON.stringify(value)).to.equal(null);
      }
    });

    it('signs out only to the registered http(s) sign-out URL (javascript: is refused when saved)', async () => {
      const saved = await h.api('PUT', '/api/admin/sso', { remoteSignOutUrl: 'javascript:alert(1)' });
      expect(saved.status).to.equal(400);
      const res = await h.get('/index/logout?return=https://evil.example&RelayState=//evil.example');
      expect(res.headers.get('location')).to.equal('https://idp.example.test/userconsole/');
    });
  });

  describe('throttling over HTTP', () => {
    it('locks a local account after 5 failures with 429, Retry-After and a clear message', async () => {
      for (let i = 0; i < 5; i++) expect((await passwordSignIn(h, new CookieJar(), 'admin', 'wrong-password')).status).to.equal(401);
      const res = await passwordSignIn(h, new CookieJar(), 'admin', 'admin-demo-password');
      expect(res.status).to.equal(429);
      expect(Number(res.headers.get('retry-after'))).to.be.within(800, 900);
      expect(await res.text()).to.contain('Too many failed sign-ins for this account. Try again in 15 minutes');
      h.clock.advance(15 * 60_000);
      expect((await passwordSignIn(h, new CookieJar(), 'admin', 'admin-demo-password')).status).to.equal(303);
    });

    it('answers 429 too_many_attempts to an IP that sprayed as many accounts as its limit', async () => {
      const s = await startSp({ config: { loginMaxFailuresPerIp: 5 } });
      try {
        for (let i = 0; i < 5; i++) expect((await passwordSignIn(s, new CookieJar(), `spray${i}`, 'wrong-password')).status).to.equal(401);
        const res = await passwordSignIn(s, new CookieJar(), 'admin', 'admin-demo-password');
        expect(res.status).to.equal(429);
        expect(res.headers.get('retry-after')).to.match(/^\d+$/);
        expect(await res.text()).to.contain('Too many failed sign-ins from your network');
      } finally {
        await s.close();
      }
    });
  });
});
