import { decodeRedirect, parseAuthnRequest } from '@samlbridge/protocol';
import { CookieJar, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { DEFAULT_TENANT } from '../../src/tenant.js';
import { SP_ENTITY_ID, startSp } from '../helpers/harness.js';
import { superAdmin } from '../security/support.js';

const traceLinks = (page: string) => [...page.matchAll(/href="(\/account\/users\/sso\/sign-ins\/[^"]+)"/g)].map((m) => m[1] as string);

describe('SP sign-in log and traces (Account & Settings → Users → Sign-in log)', () => {
  const h = suiteFixture(() => startSp(), { each: true });

  it('lists a refused sign-in with the failed check’s expected and received values, and links to its trace', async () => {
    await h.postAcs(h.responseXml({ assertion: { audience: 'https://other-app.example' } }));
    const jar = await superAdmin(h);
    const res = await h.get('/account/users/sso/sign-ins', jar);
    expect(res.status).to.equal(200);
    const page = await res.text();
    expect(page).to.contain('audience_mismatch');
    expect(page).to.match(/Expected<\/dt><dd><code>localhost<\/code>/);
    expect(page).to.contain(`<code>https://other-app.example</code>`);
    expect(SP_ENTITY_ID).to.equal('localhost');
    expect(traceLinks(page)).to.have.length(1);
  });

  it('opens a trace: checks in order with results, where it was posted, and the Response escaped with signed parts named', async () => {
    await h.postAcs(
      h.responseXml({
        assertion: {
          attributes: [
            { name: 'Username', values: ['jdoe'] },
            { name: 'FirstName', values: ['<b>Jane</b>'] },
          ],
        },
      }),
    );
    const jar = await superAdmin(h);
    const [link] = traceLinks(await (await h.get('/account/users/sso/sign-ins', jar)).text());
    const page = await (await h.get(link ?? '', jar)).text();
    expect(page).to.contain('Signed in');
    expect(page).to.contain('/simplesaml/module.php/saml/sp/saml2-acs.php/localhost');
    expect(page).to.contain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    const names = [...page.matchAll(/<li><strong>(Passed|Failed|Skipped)<\/strong>: <code>([a-z_]+)<\/code>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(names).to.deep.equal([
      'Passed decode',
      'Passed parse',
      'Passed assertion',
      'Passed signature',
      'Passed status',
      'Passed issuer',
      'Passed destination',
      'Passed subject_confirmation',
      'Passed time_window',
      'Passed audience',
      'Passed in_response_to',
      'Passed replay',
    ]);
    expect(page).to.contain('Signed parts: the Response (its signature verified) and the Assertion (its signature verified)');
    expect(page).to.contain('&lt;samlp:Response');
    expect(page).to.contain('&amp;lt;b&amp;gt;Jane');
    expect(page).to.not.contain('<b>Jane</b>');
  });

  it('shows the AuthnRequest this site sent in the trace of the Response answering it (SP-initiated)', async () => {
    const start = await h.get('/index/ssologin/service:saml');
    const location = new URL(start.headers.get('location') ?? '');
    const request = parseAuthnRequest(decodeRedirect(location.searchParams.get('SAMLRequest') ?? ''));
    await h.postAcs(h.responseXml({ inResponseTo: request.id }));
    const jar = await superAdmin(h);
    const [link] = traceLinks(await (await h.get('/account/users/sso/sign-ins', jar)).text());
    const page = await (await h.get(link ?? '', jar)).text();
    expect(page).to.contain('AuthnRequest this site sent');
    expect(page).to.match(new RegExp(`&lt;samlp:AuthnRequest[^\\n]*ID=(&quot;|&#34;|")${request.id}`));
  });

  it('shows no AuthnRequest in the trace of an IdP-initiated Response', async () => {
    await h.postAcs(h.responseXml());
    const jar = await superAdmin(h);
    const [link] = traceLinks(await (await h.get('/account/users/sso/sign-ins', jar)).text());
    expect(await (await h.get(link ?? '', jar)).text()).not.to.contain('AuthnRequest this site sent');
  });

  it('is for the Super Admin only: a signed-out visitor is sent to sign in, a learner gets 403', async () => {
    await h.postAcs(h.responseXml());
    const jar = await superAdmin(h);
    const [link] = traceLinks(await (await h.get('/account/users/sso/sign-ins', jar)).text());
    for (const path of ['/account/users/sso/sign-ins', link ?? '']) {
      const anonymous = await h.get(path, new CookieJar());
      expect(anonymous.status).to.equal(302);
      expect(anonymous.headers.get('location')).to.match(/^\/\?return=/);
    }
    // The SSO user jdoe (a learner) signed in above: their session may not read traces.
    const learner = (await h.postAcs(h.responseXml())).jar;
    expect((await h.get('/account/users/sso/sign-ins', learner)).status).to.equal(403);
    expect((await h.get(link ?? '', learner)).status).to.equal(403);
  });

  it('sweeps traces older than SP_TRACE_RETENTION_DAYS (injected clock) when the next sign-in is recorded', async () => {
    await h.postAcs(h.responseXml({ assertion: { audience: 'https://old.example' } }));
    h.clock.set(new Date(h.clock.now().getTime() + 7 * 86_400_000 + 1000));
    await h.postAcs(h.responseXml());
    const traces = await h.sp.store.signInTraces.list(DEFAULT_TENANT, { limit: 10 });
    expect(traces.map((t) => t.success)).to.deep.equal([true]);
  });
});
