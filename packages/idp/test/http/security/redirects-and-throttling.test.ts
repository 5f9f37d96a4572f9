// Open redirects (login next=, admin next, sign-out) and login throttling over HTTP.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { safeNext } from '../../../src/http/login.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../../helpers/admin.js';
import { type Harness, signInThroughForm, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';

/** Values that must never become a Location off this origin. */
export const HOSTILE_NEXT = [
  '//evil.example/x',
  '/\\evil.example/x',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/%0a/evil.example\r\n',
  'https:evil.example',
  'https://evil.example/',
  'http://localhost.evil.example/',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' /\\evil.example',
  '%2F%2Fevil.example',
  'evil.example',
  'data:text/html,<script>alert(1)</script>',
  '/'.repeat(3000),
];

describe('IdP open redirects and login throttling', () => {
  const h = suiteFixture(() => startIdp());

  describe('open redirects', () => {
    for (const value of HOSTILE_NEXT) {
      it(`safeNext refuses ${JSON.stringify(value.slice(0, 40))}`, () => {
        expect(safeNext(value)).to.equal('/userconsole/');
      });
    }
    for (const value of ['/userconsole/', '/saml2/talentlms?x=1', '/%2F%2Fstays-on-this-origin']) {
      it(`safeNext keeps the same-origin path ${value}`, () => {
        expect(safeNext(value)).to.equal(value);
      });
    }

    it('sends a signed-in user only to same-origin paths from /login?next=', async () => {
      const client = h.client();
      await signInThroughForm(client, '/login');
      const bad: string[] = [];
      for (const value of HOSTILE_NEXT) {
        const location = (await client.get(`/login?next=${encodeURIComponent(value)}`)).headers.get('location');
        if (location !== '/userconsole/') bad.push(`${JSON.stringify(value)} → ${location}`);
      }
      expect(bad).to.deep.equal([]);
      expect((await client.get('/login?next=%2Fsaml2%2Ftalentlms')).headers.get('location')).to.equal('/saml2/talentlms');
    });

    it('sends the admin only to admin paths after sign-in', async () => {
      for (const [next, expected] of [
        ...HOSTILE_NEXT.slice(0, 8).map((v) => [v, '/admin/applications']),
        ['/userconsole/', '/admin/applications'],
        ['/admin/users', '/admin/users'],
      ] as const) {
        const client = h.client();
        const page = await (await client.get(`/admin/login?next=${encodeURIComponent(next)}`)).text();
        const res = await client.post('/admin/login', {
          _csrf: inputValue(page, '_csrf') ?? '',
          email: ADMIN_EMAIL,
          password: ADMIN_PASSWORD,
          next,
        });
        expect(res.headers.get('location'), JSON.stringify(next)).to.equal(expected);
      }
    });

    it('signs out to /login whatever return parameter is sent', async () => {
      const client = h.client();
      await signInThroughForm(client, '/login');
      const csrf = inputValue(await (await client.get('/userconsole/')).text(), '_csrf') ?? '';
      const res = await client.post('/logout?next=https://evil.example&return=//evil.example', {
        _csrf: csrf,
        next: 'https://evil.example',
        RelayState: '//evil.example',
      });
      expect(res.headers.get('location')).to.equal('/login');
    });
  });

  describe('throttling over HTTP', () => {
    const attempt = (login: string, password = 'wrong-password') => signInThroughForm(h.client(), '/login', login, password);

    it('locks an account after 5 failures — username and email share one counter — with 429 and Retry-After', async () => {
      const user = await h.idp.services.directory.createUser({
        username: 'lock.me',
        email: 'lock.me@example.com',
        password: 'right-password',
      });
      for (const login of ['lock.me', 'LOCK.ME@example.com', 'lock.me', 'lock.me@example.com']) {
        expect((await attempt(login)).status).to.equal(401);
      }
      expect((await attempt('lock.me', 'right-password')).status, 'not locked yet: the fifth attempt is checked').to.equal(302);
      for (const login of ['lock.me', 'lock.me@example.com', 'Lock.Me', 'lock.me@example.com', 'lock.me']) await attempt(login);
      for (const login of ['lock.me', 'lock.me@example.com']) {
        const res = await attempt(login, 'right-password');
        expect(res.status, login).to.equal(429);
        expect(Number(res.headers.get('retry-after'))).to.be.within(800, 900);
        const body = await res.text();
        expect(body).to.contain('Too many failed sign-ins for this account. Try again in 15 minutes or ask your administrator.');
        expect(res.headers.get('content-type')).to.match(/text\/html/);
      }
      expect((await attempt('demo.user', 'demo-password')).status, 'other accounts are unaffected').to.equal(302);
      await h.idp.services.directory.deleteUser(user.id);
    });

    it('locks an admin account after 5 failures with 429 and Retry-After', async () => {
      const post = async (password: string) => {
        const client = h.client();
        const page = await (await client.get('/admin/login')).text();
        return client.post('/admin/login', { _csrf: inputValue(page, '_csrf') ?? '', email: ADMIN_EMAIL, password });
      };
      for (let i = 0; i < 5; i++) expect((await post('wrong-password')).status).to.equal(303);
      const res = await post(ADMIN_PASSWORD);
      expect(res.status).to.equal(429);
      expect(res.headers.get('retry-after')).to.match(/^\d+$/);
      expect(await res.text()).to.contain('Too many failed sign-ins for this account');
    });
  });

  describe('per-IP throttling', () => {
    let s: Harness;
    before(async () => {
      s = await startIdp({ loginMaxFailuresPerIp: 5 });
    });
    after(() => s.close());

    it('answers 429 too_many_attempts to an IP that sprayed as many accounts as its limit, even for a right password', async () => {
      for (let i = 0; i < 5; i++) await signInThroughForm(s.client(), '/login', `spray${i}`, 'wrong-password');
      const res = await signInThroughForm(s.client(), '/login', 'demo.user', 'demo-password');
      expect(res.status).to.equal(429);
      expect(res.headers.get('retry-after')).to.match(/^\d+$/);
      expect(await res.text()).to.contain('Too many failed sign-ins from your network');
    });
  });
});
