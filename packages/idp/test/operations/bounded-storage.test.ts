// Anonymous traffic cannot fill the IdP's database: viewing the login form stores nothing, one client address can
// park only so many pending sign-ins, and a flood of rejected SSO messages becomes one event row with a count.
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { type Harness, signInThroughForm, startIdp } from '../helpers/harness.js';

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

/** Every session row (deleting them all with an expiry in the far future counts them). */
const sessionRows = (h: Harness) => h.idp.store.sessions.deleteExpired(FAR_FUTURE);

describe('IdP bounded storage', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('stores no session row for anonymous GET /login, and the form it shows still signs in', async () => {
    h = await startIdp();
    await sessionRows(h);
    for (let i = 0; i < 30; i++) expect((await h.client().get('/login')).status).to.equal(200);
    expect(await sessionRows(h)).to.equal(0);
    const res = await signInThroughForm(h.client(), '/login?next=/userconsole/');
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/userconsole/');
    expect(await sessionRows(h), 'the signed-in session').to.equal(1);
  });

  it('refuses a client address more pending sign-ins than IDP_PENDING_SIGNINS_PER_IP with 429 and Retry-After', async () => {
    h = await startIdp({ pendingSignInsPerIp: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await h.client().get('/saml2/talentlms');
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.match(/^\/login\?flow=/);
    }
    const refused = await h.client().get('/saml2/talentlms');
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(await refused.text()).to.contain('Too many sign-ins were started from your network');
  });

  it('records a flood of rejected SSO messages from one address as five rows and then one row whose count grows', async () => {
    const clock = fixedClock(new Date());
    h = await startIdp({ rejectionWindowSeconds: 60 }, { clock });
    const rejections = async () =>
      (await h.idp.services.events.list({ type: 'sso_auth', success: false, limit: 100 })).items.filter(
        (e) => e.reason === 'unknown_application',
      );
    for (let i = 0; i < 25; i++) expect((await h.client().get('/saml2/no-such-app')).status).to.equal(404);
    const rows = await rejections();
    expect(rows).to.have.length(6);
    expect(rows[0]?.detail).to.include({ count: 1, ip: '127.0.0.1' });
    clock.advance(61_000);
    expect((await h.client().get('/saml2/no-such-app')).status).to.equal(404);
    const after = await rejections();
    expect(after, 'a new window, a new row').to.have.length(7);
    const counts = after.map((e) => Number(e.detail.count)).sort((a, b) => a - b);
    expect(counts).to.deep.equal([1, 1, 1, 1, 1, 1, 20]);
  });
});
