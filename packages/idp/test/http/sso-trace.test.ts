// The per-login SAML trace: every SSO event in Directory Insights links to a timeline only admins can open, kept
// IDP_TRACE_RETENTION_DAYS and swept by age (the store side runs on both engines in test/store/contract-sso-traces.ts).
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { adminSignIn } from '../helpers/admin.js';
import { type Harness, SP_ACS, SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { authnRequest, redirectQuery } from '../helpers/saml.js';

const DAY_MS = 86_400_000;

describe('SSO trace (Directory Insights → one login as the IdP handled it)', () => {
  let h: Harness;
  const clock = fixedClock(new Date());
  beforeEach(async () => {
    clock.set(new Date());
    h = await startIdp({ traceRetentionDays: 7 }, { clock });
  });
  afterEach(() => h.close());

  /** An SP-initiated login through the login form; the id of its AuthnRequest. */
  async function spInitiatedLogin(acs = SP_ACS): Promise<{ requestId: string; body: string }> {
    const { id, xml } = authnRequest({
      destination: `${h.url}/saml2/talentlms`,
      issuer: SP_ENTITY_ID,
      issueInstant: clock.now(),
      assertionConsumerServiceUrl: acs,
    });
    const client = h.client();
    const start = await client.get(`/saml2/talentlms?${redirectQuery(xml, 'r1')}`);
    if (start.status !== 302) return { requestId: id, body: await start.text() };
    const res = await signInThroughForm(client, start.headers.get('location') ?? '');
    return { requestId: id, body: await res.text() };
  }

  /** The trace links on Directory Insights, newest first. */
  async function traceLinks(admin: ReturnType<Harness['client']>): Promise<string[]> {
    const page = await (await admin.get('/admin/insights?type=sso_auth')).text();
    return [...page.matchAll(/href="(\/admin\/insights\/traces\/[^"]+)"/g)].map((m) => m[1] as string);
  }

  it('links a successful SP-initiated login from Directory Insights to its trace: request, checks, Response as sent, where posted', async () => {
    const { requestId, body } = await spInitiatedLogin();
    expect(body).to.contain('SAMLResponse');
    const admin = h.client();
    await adminSignIn(admin);
    const [link] = await traceLinks(admin);
    expect(link, 'a Trace link on the sso_auth row').to.be.a('string');
    const res = await admin.get(link as string);
    expect(res.status).to.equal(200);
    const page = await res.text();
    expect(page).to.contain(`<code>${requestId}</code>`);
    expect(page).to.contain('HTTP-Redirect');
    expect(page).to.contain('not checked: no service provider certificate is configured');
    for (const step of [
      'findApplication',
      'checkRequestSignature',
      'checkAcsUrl',
      'requireSession',
      'signIn',
      'checkAssignment',
      'issueResponse',
    ]) {
      expect(page, step).to.contain(`<code>${step}</code>`);
    }
    expect(page).to.contain(`<code>${SP_ACS}</code>`);
    expect(page).to.contain('Response issued');
    expect(page).to.match(/<mark>\s*&lt;saml2?p?:Response|<mark>\s*&lt;samlp:Response/);
    expect(page).to.contain('Signed parts');
    expect(page).not.to.contain('PRIVATE KEY');
    expect(page).not.to.contain('demo-password');
  });

  it('records a refused request with the step that failed and its reason, without a Response', async () => {
    await spInitiatedLogin('https://evil.test/acs');
    const admin = h.client();
    await adminSignIn(admin);
    const [link] = await traceLinks(admin);
    const page = await (await admin.get(link as string)).text();
    expect(page).to.match(/Failed<\/span><span><code>checkAcsUrl<\/code> — <code>[a-z_]+<\/code>/);
    expect(page).to.contain('Refused: <code>');
    expect(page).to.contain('No Response was sent');
    expect(page).not.to.contain('<code>issueResponse</code>');
  });

  it('refuses the trace to anyone not signed in to the admin portal, a signed-in user included', async () => {
    await spInitiatedLogin();
    const admin = h.client();
    await adminSignIn(admin);
    const [link] = await traceLinks(admin);
    const user = h.client();
    await signInThroughForm(user, '/login?next=/userconsole/');
    for (const client of [h.client(), user]) {
      const res = await client.get(link as string);
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.match(/^\/admin\/login/);
    }
  });

  it('sweeps a trace once it is older than IDP_TRACE_RETENTION_DAYS, and not before', async () => {
    await spInitiatedLogin();
    const admin = h.client();
    await adminSignIn(admin);
    const [link] = await traceLinks(admin);
    clock.advance(6 * DAY_MS);
    expect((await h.idp.sweepExpired()).traces).to.equal(0);
    const later = h.client();
    await adminSignIn(later);
    expect((await later.get(link as string)).status).to.equal(200);
    clock.advance(2 * DAY_MS);
    expect((await h.idp.sweepExpired()).traces).to.equal(1);
    const last = h.client();
    await adminSignIn(last);
    const gone = await last.get(link as string);
    expect(gone.status).to.equal(404);
    expect(await gone.text()).to.contain('traces are kept for 7 days');
  });
});
