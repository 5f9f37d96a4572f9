// Every metric the README's operations section names for the SP is on its /metrics, the ones that count something
// move when it happens (sign-ins by result and reason, accounts locked out), and SP_METRICS_TOKEN guards it.
import { CookieJar, expectDocumentedAndServed, METRICS_OF_BOTH_APPS } from '@samlbridge/test-support';
import { expect } from 'chai';
import { type Harness, startSp } from '../helpers/harness.js';
import { csrfFrom, postForm } from '../security/support.js';

const SP_METRICS = [...METRICS_OF_BOTH_APPS, 'samlbridge_scim_requests_served_total'];

describe('SP /metrics: the documented catalogue', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close().catch(() => {});
  });
  const metrics = async (init?: RequestInit) => (await h.get('/metrics', undefined, init)).text();

  it('serves every metric the README names for the SP, and the Node process defaults', async () => {
    h = await startSp();
    await h.get('/api/scim2/Users');
    const text = await metrics();
    expectDocumentedAndServed(text, SP_METRICS);
    expect(text).to.match(/^process_resident_memory_bytes\{app="sp"\} \d+/m);
  });

  it('counts SAML sign-ins by result and reason', async () => {
    h = await startSp();
    expect((await h.postAcs('not base64 at all')).res.status).to.equal(403);
    expect(await metrics()).to.match(/^samlbridge_saml_signins_total\{application="sp",result="failure",reason="\w+",app="sp"\} 1$/m);
  });

  it('counts an account locked out of the sign-in form', async () => {
    h = await startSp({ config: { loginMaxFailuresPerAccount: 2 } });
    expect(await metrics()).to.match(/^samlbridge_login_throttle_locked\{app="sp"\} 0$/m);
    for (let i = 0; i < 2; i++) {
      const jar = new CookieJar();
      const page = await (await h.get('/', jar)).text();
      expect((await postForm(h, '/index/login', jar, { _csrf: csrfFrom(page), login: 'admin', password: 'wrong' })).status).to.equal(401);
    }
    expect(await metrics()).to.match(/^samlbridge_login_throttle_locked\{app="sp"\} 1$/m);
  });

  it('asks for the bearer token when SP_METRICS_TOKEN is set', async () => {
    h = await startSp({ config: { metricsToken: 'sp-scrape-token' } });
    const refused = await h.get('/metrics');
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).to.equal('Bearer realm="metrics"');
    const ok = await h.get('/metrics', undefined, { headers: { authorization: 'Bearer sp-scrape-token' } });
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.contain('samlbridge_saml_signins_total');
  });
});
