// One answer per AuthnRequest: the same request ID sent again gets a 409 page (request_replayed), never a
// second Response; a signed-in, authorized person is offered a fresh IdP-initiated launch instead.

import { encodePost, NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import type { Client } from '../../helpers/client.js';
import { SP_ACS, SP_ENTITY_ID, signInThroughForm, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';
import { authnRequest, decodeSamlResponse, first, redirectQuery } from '../../helpers/saml.js';

const CONTINUE = /<a class="button" href="([^"]*)">Continue to TalentLMS<\/a>/;

describe('IdP: one answer per AuthnRequest', () => {
  const clock = fixedClock(new Date());
  const h = suiteFixture(() => startIdp({}, { clock }));
  let sso: string;
  before(async () => {
    sso = `${h.url}/saml2/talentlms`;
  });

  const request = () => authnRequest({ destination: sso, issuer: SP_ENTITY_ID, issueInstant: clock.now() });

  async function signedInClient(username = 'demo.user', password = 'demo-password'): Promise<Client> {
    const client = h.client();
    expect((await signInThroughForm(client, '/login?next=/userconsole/', username, password)).status).to.equal(302);
    return client;
  }

  /** The InResponseTo of the Response in an auto-posting form; undefined when the page carries no Response. */
  function answered(body: string): string | null | undefined {
    const field = inputValue(body, 'SAMLResponse');
    if (field === undefined) return undefined;
    return first(decodeSamlResponse(field), NS.protocol, 'Response')?.getAttribute('InResponseTo') ?? null;
  }

  async function expectReplayPage(res: Response): Promise<string> {
    expect(res.status).to.equal(409);
    const body = await res.text();
    expect(body).to.contain('request_replayed').and.contain('was already answered');
    expect(body).not.to.contain('SAMLResponse');
    return body;
  }

  it('answers a request posted three times once, then shows the request_replayed page and records it', async () => {
    const client = await signedInClient();
    const { id, xml } = request();
    const post = () => {
      clock.advance(1); // events listed newest first: one millisecond apart
      return client.post('/saml2/talentlms', { SAMLRequest: encodePost(xml), RelayState: 'r' });
    };
    const firstTry = await post();
    expect(firstTry.status).to.equal(200);
    expect(answered(await firstTry.text())).to.equal(id);
    await expectReplayPage(await post());
    await expectReplayPage(await post());
    const events = await h.idp.services.events.list({ type: 'sso_auth', application: 'talentlms', user: 'demo.user', limit: 3 });
    expect(events.items.map((e) => [e.success, e.reason])).to.deep.equal([
      [false, 'request_replayed'],
      [false, 'request_replayed'],
      [true, null],
    ]);
    expect(events.items[0]?.detail).to.include({ requestId: id, status: 409 });
  });

  it('refuses the same request over the Redirect binding after it was answered over POST', async () => {
    const client = await signedInClient();
    const { xml } = request();
    expect(answered(await (await client.post('/saml2/talentlms', { SAMLRequest: encodePost(xml) })).text())).to.be.a('string');
    await expectReplayPage(await client.get(`/saml2/talentlms?${redirectQuery(xml)}`));
  });

  it('offers a signed-in, authorized person "Continue to TalentLMS": a fresh IdP-initiated launch', async () => {
    const client = await signedInClient();
    const { xml } = request();
    await client.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    const body = await expectReplayPage(await client.get(`/saml2/talentlms?${redirectQuery(xml)}`));
    expect(body).to.contain('You are still signed in');
    const href = CONTINUE.exec(body)?.[1];
    expect(href).to.equal('/saml2/talentlms');
    const launch = await client.get(href ?? '');
    expect(launch.status).to.equal(200);
    expect(answered(await launch.text())).to.equal(null); // unsolicited: no InResponseTo
  });

  it('offers no Continue link to a browser that is not signed in, nor to a person not authorized for the application', async () => {
    const { xml } = request();
    const owner = await signedInClient();
    await owner.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    const anonymous = await expectReplayPage(await h.client().get(`/saml2/talentlms?${redirectQuery(xml)}`));
    expect(anonymous).not.to.match(CONTINUE);
    expect(anonymous).to.contain('Go back to TalentLMS and sign in again');
    await h.idp.services.directory.createUser({ username: 'outsider', email: 'outsider@example.com', password: 'outsider-pw' });
    const outsider = await signedInClient('outsider', 'outsider-pw');
    expect(await expectReplayPage(await outsider.get(`/saml2/talentlms?${redirectQuery(xml)}`))).not.to.match(CONTINUE);
  });

  it('gives a request parked behind the sign-in page its one Response after login; a copy sent meanwhile or after is refused', async () => {
    const client = h.client();
    const { id, xml } = request();
    const start = await client.get(`/saml2/talentlms?${redirectQuery(xml, 'course/7')}`);
    expect(start.status).to.equal(302);
    const loginPath = start.headers.get('location') ?? '';
    expect(loginPath).to.match(/^\/login\?flow=/);
    // A second tab (or the Back button) sends the same request while the first waits at the sign-in page.
    await expectReplayPage(await h.client().get(`/saml2/talentlms?${redirectQuery(xml)}`));
    const res = await signInThroughForm(client, loginPath);
    expect(res.status).to.equal(200);
    const body = await res.text();
    expect(answered(body)).to.equal(id);
    expect(inputValue(body, 'RelayState')).to.equal('course/7');
    expect(await expectReplayPage(await client.get(`/saml2/talentlms?${redirectQuery(xml)}`))).to.match(CONTINUE);
  });

  it('keeps an ID until IssueInstant + max age + skew; the sweep then deletes it and the request is refused as expired', async () => {
    const keptFor = (h.idp.config.requestMaxAgeSeconds + h.idp.config.clockSkewSeconds) * 1000;
    clock.advance(keptFor + 1); // the IDs of earlier tests expire and go first
    clock.set(new Date(Math.ceil(clock.now().getTime() / 1000) * 1000)); // IssueInstant is sent in whole seconds
    await h.idp.sweepExpired();
    const client = await signedInClient();
    const { xml } = request();
    expect(answered(await (await client.get(`/saml2/talentlms?${redirectQuery(xml)}`)).text())).to.be.a('string');
    clock.advance(keptFor);
    expect((await h.idp.sweepExpired()).authnRequestIds).to.equal(0);
    await expectReplayPage(await client.get(`/saml2/talentlms?${redirectQuery(xml)}`));
    clock.advance(1);
    expect((await h.idp.sweepExpired()).authnRequestIds).to.equal(1);
    const late = await client.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    expect(late.status).to.equal(400);
    expect(await late.text())
      .to.contain('request_expired')
      .and.not.contain('SAMLResponse');
  });

  it('does not record requests that fail a check, so they cannot use up the ID', async () => {
    const client = await signedInClient();
    const { id, xml } = request();
    const elsewhere = xml.replace(`AssertionConsumerServiceURL="${SP_ACS}"`, 'AssertionConsumerServiceURL="https://attacker.example/acs"');
    expect((await client.get(`/saml2/talentlms?${redirectQuery(elsewhere)}`)).status).to.equal(400);
    expect(answered(await (await client.get(`/saml2/talentlms?${redirectQuery(xml)}`)).text())).to.equal(id);
  });
});
