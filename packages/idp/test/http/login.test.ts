import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { signInThroughForm, startIdp } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';

describe('login form, user console and logout', () => {
  const h = suiteFixture(() => startIdp());
  before(async () => {
    const user = await h.idp.services.directory.createUser({ username: 'Sus.Pended', email: 'sus@example.com', password: 'suspended-pw' });
    await h.idp.services.directory.updateUser(user.id, { status: 'suspended' });
  });

  it('redirects / and /userconsole/ to the login form when nobody is signed in', async () => {
    const client = h.client();
    expect((await client.get('/')).headers.get('location')).to.equal('/userconsole/');
    const res = await client.get('/userconsole/');
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/login?next=/userconsole/');
    expect((await client.get('/userconsole')).headers.get('location')).to.equal('/userconsole/');
  });

  it('shows one tile per launchable application after signing in with the email address', async () => {
    const client = h.client();
    const res = await signInThroughForm(client, '/login?next=/userconsole/', 'DEMO.USER@example.com');
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/userconsole/');
    const page = await (await client.get('/userconsole/')).text();
    expect(page).to.contain('Hello, Demo User');
    expect(page).to.contain('href="/saml2/talentlms"');
    expect(page.match(/class="tile"/g)).to.have.length(1);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie on plain http and changes it at sign-in', async () => {
    const client = h.client();
    const form = await client.get('/login');
    const before = form.headers.get('set-cookie') ?? '';
    expect(before)
      .to.match(/httponly/i)
      .and.to.match(/samesite=lax/i);
    const page = await form.text();
    const res = await client.post('/login', { _csrf: inputValue(page, '_csrf') ?? '', username: 'demo.user', password: 'demo-password' });
    const after = res.headers.get('set-cookie') ?? '';
    expect(after.split(';')[0]).not.to.equal(before.split(';')[0]);
  });

  it('says only "incorrect" for a wrong password or unknown user', async () => {
    for (const [username, password] of [
      ['demo.user', 'wrong-password'],
      ['nobody', 'whatever-pw'],
    ] as const) {
      const res = await signInThroughForm(h.client(), '/login', username, password);
      expect(res.status).to.equal(401);
      const body = await res.text();
      expect(body).to.contain('The username or password is incorrect.');
      expect(body).not.to.contain('suspended');
    }
  });

  it('tells a suspended user their account is suspended', async () => {
    const res = await signInThroughForm(h.client(), '/login', 'sus.pended', 'suspended-pw');
    expect(res.status).to.equal(403);
    expect(await res.text()).to.contain('Your account is suspended');
    const events = await h.idp.services.events.list({ type: 'user_login_attempt', user: 'Sus.Pended' });
    expect(events.items[0]?.reason).to.equal('user_suspended');
  });

  it('refuses a login form posted without its CSRF token', async () => {
    const client = h.client();
    await client.get('/login');
    const res = await client.post('/login', { username: 'demo.user', password: 'demo-password' });
    expect(res.status).to.equal(403);
    expect(await res.text()).to.contain('csrf_failed');
  });

  it('only follows same-origin next paths', async () => {
    const res = await signInThroughForm(h.client(), '/login?next=//evil.example/x');
    expect(res.headers.get('location')).to.equal('/userconsole/');
  });

  it('tells the person to start again when the sign-in flow is unknown or used', async () => {
    const client = h.client();
    const start = await client.get('/saml2/talentlms');
    const loginPath = start.headers.get('location') ?? '';
    const page = await (await client.get(loginPath)).text();
    const form = {
      _csrf: inputValue(page, '_csrf') ?? '',
      flow: inputValue(page, 'flow') ?? '',
      username: 'demo.user',
      password: 'demo-password',
    };
    expect((await client.post('/login', form)).status).to.equal(200);
    const replay = await client.post('/login', {
      ...form,
      _csrf: inputValue(await (await client.get('/userconsole/')).text(), '_csrf') ?? '',
    });
    expect(replay.status).to.equal(400);
    expect(await replay.text()).to.contain('login_flow_expired');
    const unknown = await h.client().get('/login?flow=nope');
    expect(unknown.status).to.equal(400);
  });

  it('ends the session on logout', async () => {
    const client = h.client();
    await signInThroughForm(client, '/login');
    const page = await (await client.get('/userconsole/')).text();
    const res = await client.post('/logout', { _csrf: inputValue(page, '_csrf') ?? '' });
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/login');
    expect((await client.get('/userconsole/')).status).to.equal(302);
  });

  it('sends the security headers and a strict CSP on pages', async () => {
    const res = await h.client().get('/login');
    expect(res.headers.get('content-security-policy')).to.contain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).to.equal('DENY');
    expect(await res.text()).not.to.match(/<script>|style="/);
  });
});
