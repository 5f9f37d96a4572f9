// MFA in the admin portal: an admin's own authenticator app and the factor step of the admin sign-in, "require MFA
// for admins", and a user's factors seen (never secrets) and reset by an admin, each an audit event.
import { expect } from 'chai';
import { ADMIN_EMAIL, ADMIN_PASSWORD, adminSignIn, csrfOf, submit } from '../../helpers/admin.js';
import type { Client } from '../../helpers/client.js';
import { type Harness, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';
import { enrolFromSecurityPage, password, postStep, recoveryCodesOf, secretOf, TestClock, totpCode } from './support.js';

describe('MFA in the admin portal', function () {
  this.timeout(20000);
  let h: Harness;
  const clock = new TestClock();

  beforeEach(async () => {
    clock.offsetMs = 0;
    h = await startIdp({}, { clock });
  });
  afterEach(() => h.close());

  async function adminPassword(client: Client) {
    const page = await (await client.get('/admin/login')).text();
    return client.post('/admin/login', { _csrf: inputValue(page, '_csrf') ?? '', email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  }

  it('leads every admin through enrolment once "require MFA for admins" is on, then asks for a code at each sign-in', async () => {
    const first = h.client();
    const csrf = await adminSignIn(first);
    const saved = await submit(first, '/admin/security/settings', { requireForAdmins: 'on', graceSeconds: '0' }, csrf);
    expect(saved.page).to.contain('The MFA settings were saved');
    const client = h.client();
    const res = await adminPassword(client);
    expect(res.headers.get('location')).to.equal('/admin/login/mfa');
    expect((await client.get('/admin/applications')).headers.get('location')).to.match(/^\/admin\/login/);
    const page = await (await client.get('/admin/login/mfa')).text();
    const secret = secretOf(page);
    const codes = await postStep(client, page, { step: 'enrol', code: totpCode(secret, clock.now()) }, '/admin/login/mfa');
    expect(recoveryCodesOf(await codes.text())).to.have.length(10);
    expect((await client.get('/admin/applications')).status).to.equal(200);
    clock.nextStep();
    const again = h.client();
    expect((await adminPassword(again)).headers.get('location')).to.equal('/admin/login/mfa');
    const prompt = await (await again.get('/admin/login/mfa')).text();
    expect(prompt).to.contain('Verify it is you');
    const done = await postStep(again, prompt, { step: 'verify', code: totpCode(secret, clock.now()) }, '/admin/login/mfa');
    expect(done.status).to.equal(303);
    expect((await again.get('/admin/applications')).status).to.equal(200);
  });

  it("shows a user's factors without the secret, and resets them as an audited action", async () => {
    const user = await h.idp.services.directory.createUser({
      username: 'portal.mfa',
      email: 'portal.mfa@example.com',
      password: 'long-password-1',
    });
    const person = h.client();
    await password(person, '/login?next=/userconsole/', 'portal.mfa', 'long-password-1');
    const { secret } = await enrolFromSecurityPage(person, clock);
    const admin = h.client();
    const csrf = await adminSignIn(admin);
    const page = await (await admin.get(`/admin/users/${user.id}/mfa`)).text();
    expect(page).to.contain('Authenticator app').and.contain('10 recovery codes left').and.not.contain(secret);
    const reset = await submit(admin, `/admin/users/${user.id}/mfa/reset`, {}, csrf);
    expect(reset.page).to.contain('1 factor of portal.mfa removed');
    expect((await h.idp.mfa.state(user.id)).factors).to.deep.equal([]);
    const events = await h.idp.services.events.list({ type: 'mfa_reset', user: user.id });
    expect(events.items[0]).to.deep.include({ initiator: `admin:${ADMIN_EMAIL}`, success: true });
    const required = await submit(
      admin,
      `/admin/users/${user.id}/mfa`,
      { required: 'on' },
      await csrfOf(admin, `/admin/users/${user.id}/mfa`),
    );
    expect(required.page).to.contain('must use MFA from the next sign-in');
    expect((await h.idp.mfa.requirementForUser(user.id)).sources).to.deep.equal(['user']);
  });
});
