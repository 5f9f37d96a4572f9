// The SP tells a person whose session ended that it did, instead of silently showing the sign-in page.
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { startSp } from '../helpers/harness.js';
import { csrfFrom } from '../security/support.js';

describe('SP: an ended session is said to have ended', function () {
  this.timeout(20_000);

  it('says "your session expired" on the sign-in page after the LMS session expired, keeping where the person was', async () => {
    const h = await startSp();
    try {
      const { jar } = await h.postAcs(h.responseXml());
      expect((await h.get('/dashboard', jar)).status).to.equal(200);
      h.clock.advance((h.sp.config.sessionTtlSeconds + 60) * 1000);
      const res = await h.get('/dashboard', jar);
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal('/?return=%2Fdashboard&expired=1');
      jar.store(res);
      const page = await (await h.get('/?return=%2Fdashboard&expired=1', jar)).text();
      expect(page).to.contain('id="session-ended"');
      expect(page).to.contain('Sign in again to continue where you were.');
      // Said once: the next visit to a protected page is a plain redirect.
      expect((await h.get('/dashboard', jar)).headers.get('location')).to.equal('/?return=%2Fdashboard');
    } finally {
      await h.close();
    }
  });

  it('says nothing about an ended session to a browser that never signed in or that signed out', async () => {
    const h = await startSp();
    try {
      expect((await h.get('/dashboard')).headers.get('location')).to.equal('/?return=%2Fdashboard');
      const { jar } = await h.postAcs(h.responseXml());
      const dash = await (await h.get('/dashboard', jar)).text();
      const out = await fetch(`${h.url}/index/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        body: new URLSearchParams({ _csrf: csrfFrom(dash) }).toString(),
      });
      expect(out.status).to.equal(303);
      jar.store(out);
      expect((await h.get('/dashboard', jar)).headers.get('location')).to.equal('/?return=%2Fdashboard');
    } finally {
      await h.close();
    }
  });
});
