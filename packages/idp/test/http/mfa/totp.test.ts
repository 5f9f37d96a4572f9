// TOTP end to end over HTTP (RFC 6238): enrolment on the Security page, the factor step at sign-in, replay,
// clock drift, lockout under a burst, recovery codes. Codes are computed here with otpauth on an injected clock.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Client } from '../../helpers/client.js';
import { startIdp } from '../../helpers/harness.js';
import { enrolFromSecurityPage, mfaStep, password, postStep, recoveryCodesOf, secretOf, TestClock, totpCode, uriOf } from './support.js';

describe('TOTP second factor over HTTP', function () {
  this.timeout(20000);
  const h = suiteFixture(() => startIdp({ loginMaxFailuresPerAccount: 5 }, { clock }));
  const clock = new TestClock();
  let n = 0;

  beforeEach(() => {
    clock.offsetMs = 0;
  });

  /** A fresh user (own throttle counters and factors), signed in with a password. */
  async function newUser(): Promise<{ client: Client; username: string; id: string }> {
    n += 1;
    const username = `mfa.user${n}`;
    const user = await h.idp.services.directory.createUser({ username, email: `${username}@example.com`, password: 'long-password-1' });
    const client = h.client();
    expect((await password(client, '/login?next=/userconsole/', username, 'long-password-1')).headers.get('location')).to.equal(
      '/userconsole/',
    );
    return { client, username, id: user.id };
  }

  async function enrolled() {
    const u = await newUser();
    const { secret, recoveryCodes } = await enrolFromSecurityPage(u.client, clock);
    return { ...u, secret, recoveryCodes };
  }

  /** A new browser that gave the password and now stands at the factor step. */
  async function atFactorStep(username: string): Promise<Client> {
    const client = h.client();
    const res = await password(client, '/login?next=/userconsole/', username, 'long-password-1');
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/login/mfa?next=%2Fuserconsole%2F');
    return client;
  }

  const code = (client: Client, value: string) => mfaStep(client, '/login/mfa?next=/userconsole/', { step: 'verify', code: value });

  it('enrols from the Security page: QR code (SVG), secret as text and otpauth URI, confirmed by a first valid code', async () => {
    const { client, username } = await newUser();
    const page = await (await client.get('/userconsole/security/totp')).text();
    expect(page).to.match(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    const secret = secretOf(page);
    expect(secret).to.have.length(32); // 160 bits, base32
    const uri = new URL(uriOf(page));
    expect(uri.protocol).to.equal('otpauth:');
    expect(uri.host).to.equal('totp');
    expect(decodeURIComponent(uri.pathname)).to.contain(username);
    expect(uri.searchParams.get('secret')).to.equal(secret);
    expect(uri.searchParams.get('algorithm')).to.equal('SHA1');
    expect(uri.searchParams.get('digits')).to.equal('6');
    expect(uri.searchParams.get('period')).to.equal('30');
    const wrong = await postStep(
      client,
      page,
      { code: '000000' === totpCode(secret, clock.now()) ? '111111' : '000000' },
      '/userconsole/security/totp',
    );
    expect(wrong.status).to.equal(401);
    const right = await postStep(client, page, { code: totpCode(secret, clock.now()) }, '/userconsole/security/totp');
    expect(right.status).to.equal(200);
    expect(recoveryCodesOf(await right.text())).to.have.length(10);
    const security = await (await client.get('/userconsole/security')).text();
    expect(security).to.contain('Authenticator app').and.contain('10 of 10 recovery codes left');
    expect(security).to.match(/<h2 id="recent">Recent sign-ins<\/h2>\s*<table[^>]*>.*<td[^>]*>User console<\/td><td[^>]*>Signed in<\/td>/s);
    expect(security).not.to.contain(secret);
  });

  it('asks an enrolled person for a code after the password, and signs in only with it', async () => {
    const { username, secret } = await enrolled();
    clock.nextStep();
    const client = await atFactorStep(username);
    expect((await client.get('/userconsole/')).headers.get('location')).to.equal('/login?next=/userconsole/');
    const res = await code(client, totpCode(secret, clock.now()));
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/userconsole/');
    expect((await client.get('/userconsole/')).status).to.equal(200);
  });

  it('refuses a code used once already (replay), also in another browser', async () => {
    const { username, secret } = await enrolled();
    clock.nextStep();
    const value = totpCode(secret, clock.now());
    expect((await code(await atFactorStep(username), value)).status).to.equal(302);
    const again = await code(await atFactorStep(username), value);
    expect(again.status).to.equal(401);
    expect(await again.text()).to.contain('already used');
  });

  it('accepts a code one step early or late, and refuses one two steps away', async () => {
    const { username, secret } = await enrolled();
    clock.nextStep(15_000);
    for (const [steps, status] of [
      [-2, 401],
      [2, 401],
      [-1, 302],
      [1, 302],
    ] as const) {
      // Each accepted code moves the factor's last used step on: a later step is tested after an earlier one.
      clock.nextStep(15_000);
      clock.nextStep(15_000);
      clock.nextStep(15_000);
      const at = new Date(clock.now().getTime() + steps * 30_000);
      const res = await code(await atFactorStep(username), totpCode(secret, at));
      expect(res.status, `${steps} step(s)`).to.equal(status);
    }
  });

  it('lets exactly the configured number of codes be checked when 30 wrong codes arrive at once, then locks the account', async () => {
    const { username, id, secret } = await enrolled();
    clock.nextStep();
    const client = await atFactorStep(username);
    const page = await (await client.get('/login/mfa?next=/userconsole/')).text();
    const right = totpCode(secret, clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    const results = await Promise.all(Array.from({ length: 30 }, () => postStep(client, page, { step: 'verify', code: wrong })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).to.have.length(5);
    expect(statuses.filter((s) => s === 429)).to.have.length(25);
    const events = await h.idp.services.events.list({ user: id, type: 'mfa_verify', limit: 100 });
    expect(events.items.filter((e) => !e.success)).to.have.length(5);
    const lockouts = await h.idp.services.events.list({ user: id, type: 'mfa_lockout', limit: 100 });
    expect(lockouts.total).to.equal(25);
    const locked = await postStep(client, page, { step: 'verify', code: right });
    expect(locked.status).to.equal(429);
    expect(locked.headers.get('retry-after')).to.match(/^\d+$/);
  });

  it('accepts exactly one of two parallel posts of the same valid code', async () => {
    const { username, secret } = await enrolled();
    clock.nextStep();
    const a = await atFactorStep(username);
    const b = await atFactorStep(username);
    const value = totpCode(secret, clock.now());
    const [pageA, pageB] = await Promise.all([a, b].map(async (c) => (await c.get('/login/mfa?next=/userconsole/')).text()));
    const res = await Promise.all([
      postStep(a, pageA as string, { step: 'verify', code: value }),
      postStep(b, pageB as string, { step: 'verify', code: value }),
    ]);
    expect(res.map((r) => r.status).sort()).to.deep.equal([302, 401]);
  });

  it('signs in once with each recovery code, and a new set voids the old one', async () => {
    const { client, username, recoveryCodes } = await enrolled();
    const [first, second] = recoveryCodes as [string, string];
    expect((await code(await atFactorStep(username), first.toUpperCase())).status).to.equal(302);
    expect((await code(await atFactorStep(username), first)).status).to.equal(401);
    const security = await (await client.get('/userconsole/security')).text();
    expect(security).to.contain('9 of 10 recovery codes left');
    const regenerated = await postStep(client, security, {}, '/userconsole/security/recovery-codes');
    expect(regenerated.status).to.equal(200);
    const fresh = recoveryCodesOf(await regenerated.text());
    expect(fresh).to.have.length(10);
    expect((await code(await atFactorStep(username), second)).status).to.equal(401);
    expect((await code(await atFactorStep(username), fresh[0] as string)).status).to.equal(302);
  });

  it('stores the TOTP seed sealed, never in clear', async () => {
    const { id, secret } = await enrolled();
    const [factor] = await h.idp.store.mfa.listFactors(`user:${id}`);
    expect(factor?.secretSealed).to.match(/^v1\./);
    expect(factor?.secretSealed).not.to.contain(secret);
  });
});
