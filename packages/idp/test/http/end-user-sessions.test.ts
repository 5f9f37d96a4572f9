// The admin's "end this user's sessions" (portal button behind CSRF and a ticked confirmation; admin API
// DELETE /users/{id}/sessions): every IdP session of the user ends, and the Directory Insights event lists the
// applications that were not told (no SOAP Single Logout URL; front-channel Single Logout needs the user's browser).
// Telling applications over SOAP: test/slo-soap-between-apps.test.ts.
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { adminSignIn, submit } from '../helpers/admin.js';
import { apiClient } from '../helpers/api.js';
import type { Client } from '../helpers/client.js';
import { DEMO_PASSWORD, type Harness, signInThroughForm, startIdp } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';

describe("admin: end this user's sessions", () => {
  const clock = fixedClock(new Date());
  let h: Harness;
  let api: ReturnType<typeof apiClient>;
  let userId: string;
  beforeEach(async () => {
    clock.set(new Date());
    h = await startIdp({}, { clock });
    api = apiClient(h);
    userId = (await h.idp.services.directory.findUserByUsername('demo.user'))?.id ?? '';
  });
  afterEach(() => h.close());

  /** demo.user signed in to the console, and (when `launch`) has opened TalentLMS: the IdP session has a participant. */
  async function signedIn(launch: boolean): Promise<Client> {
    const user = h.client();
    expect((await signInThroughForm(user, '/login?next=/userconsole/', 'demo.user', DEMO_PASSWORD)).status).to.equal(302);
    if (launch) expect(inputValue(await (await user.get('/saml2/talentlms')).text(), 'SAMLResponse')).to.be.a('string');
    return user;
  }
  const consoleStatus = async (user: Client) => (await user.get('/userconsole/')).status;

  it('API: ends the session on the next request and answers which applications were not told', async () => {
    const user = await signedIn(true);
    expect(await consoleStatus(user)).to.equal(200);
    clock.advance(1000);
    const res = await api('DELETE', `/users/${userId}/sessions`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({
      userId,
      username: 'demo.user',
      sessionsWithApplications: 1,
      notTold: [{ application: 'talentlms', label: 'TalentLMS' }],
      told: [],
    });
    expect(await consoleStatus(user)).to.equal(302);
    expect((await user.get('/saml2/talentlms')).status).to.equal(302);
  });

  it('records a Directory Insights sso_logout event naming the initiator and the applications not told', async () => {
    await signedIn(true);
    clock.advance(1000);
    await api('DELETE', `/users/${userId}/sessions`);
    const events = (await api('GET', '/events?type=sso_logout')).body.items as Record<string, unknown>[];
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({ initiator: 'admin-api', username: 'demo.user', success: true, reason: 'sessions_ended_by_admin' });
    expect(events[0]?.detail).to.deep.include({ initiatedBy: 'admin', sessionsWithApplications: 1, notTold: ['talentlms'] });
  });

  it('leaves a sign-in made after the cut-off alone', async () => {
    await signedIn(false);
    clock.advance(1000);
    expect((await api('DELETE', `/users/${userId}/sessions`)).body.notTold).to.deep.equal([]);
    clock.advance(1000);
    const again = await signedIn(false);
    expect(await consoleStatus(again)).to.equal(200);
  });

  it('API: answers 404 for an unknown user', async () => {
    const res = await api('DELETE', '/users/no-such-user/sessions');
    expect(res.status).to.equal(404);
  });

  it('portal: the user page has the button behind CSRF and a confirmation; unticked, nothing ends', async () => {
    const user = await signedIn(true);
    const admin = h.client();
    const csrf = await adminSignIn(admin);
    const page = await (await admin.get(`/admin/users/${userId}`)).text();
    expect(page).to.match(/<form method="post" action="\/admin\/users\/[^"]+\/end-sessions"[^>]*><input type="hidden" name="_csrf"/);
    expect(page).to.contain('name="confirm" value="yes" required');
    clock.advance(1000);
    const refused = await submit(admin, `/admin/users/${userId}/end-sessions`, {}, csrf);
    expect(refused.page).to.contain('Tick the confirmation box');
    expect(await consoleStatus(user)).to.equal(200);
    expect((await admin.post(`/admin/users/${userId}/end-sessions`, { confirm: 'yes' })).status).to.equal(403);
    expect(await consoleStatus(user)).to.equal(200);
  });

  it('portal: ticked, ends the sessions and says which applications were not told', async () => {
    const user = await signedIn(true);
    const admin = h.client();
    const csrf = await adminSignIn(admin);
    clock.advance(1000);
    const { location, page } = await submit(admin, `/admin/users/${userId}/end-sessions`, { confirm: 'yes' }, csrf);
    expect(location).to.equal(`/admin/users/${userId}`);
    expect(page).to.contain(
      'Every session of demo.user has ended. Not told (still signed in there until their session expires): TalentLMS.',
    );
    expect(await consoleStatus(user)).to.equal(302);
    const event = (await api('GET', '/events?type=sso_logout')).body.items[0];
    expect(event.initiator).to.equal('admin:admin@example.com');
  });
});
