// SP-initiated sign-ins store rows before anyone signs in: SP_PENDING_SIGNINS_PER_IP caps what one client address
// may start per 15 minutes, over real HTTP and a real SQLite file, with the injected clock.
import { expect } from 'chai';
import { type Harness, startSp } from '../helpers/harness.js';

const START_SIGN_IN = '/index/ssologin/service:saml';

describe('SP pending sign-ins per client address', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close().catch(() => {});
  });

  it('refuses a client address more SP-initiated sign-ins than SP_PENDING_SIGNINS_PER_IP with 429 and Retry-After, sending no AuthnRequest', async () => {
    h = await startSp({ config: { pendingSignInsPerIp: 3 } });
    for (let i = 0; i < 3; i++) {
      const res = await h.get(START_SIGN_IN);
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.contain('SAMLRequest=');
    }
    const refused = await h.get(START_SIGN_IN);
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('location')).to.equal(null);
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 900);
    const page = await refused.text();
    expect(page).to.contain('Too many sign-ins were started from your network');
    expect(page).to.contain('data-reason="too_many_pending_signins"');
  });

  it('starts sign-ins again once the 15-minute window has passed', async () => {
    h = await startSp({ config: { pendingSignInsPerIp: 1 } });
    expect((await h.get(START_SIGN_IN)).status).to.equal(302);
    expect((await h.get(START_SIGN_IN)).status).to.equal(429);
    h.clock.advance(15 * 60_000 + 1000);
    expect((await h.get(START_SIGN_IN)).status).to.equal(302);
  });

  it('keeps the count of an address through the housekeeping sweep while its 15-minute window runs, even with shorter login windows', async () => {
    h = await startSp({ config: { pendingSignInsPerIp: 3, loginAccountWindowSeconds: 60, loginIpWindowSeconds: 60 } });
    expect((await h.get(START_SIGN_IN)).status).to.equal(302);
    expect((await h.get(START_SIGN_IN)).status).to.equal(302);
    h.clock.advance(5 * 60_000);
    await h.sp.sweepExpired();
    expect((await h.get(START_SIGN_IN)).status).to.equal(302);
    expect((await h.get(START_SIGN_IN)).status).to.equal(429);
  });
});
