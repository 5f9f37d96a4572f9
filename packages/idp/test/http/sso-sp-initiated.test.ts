import { encodePost, NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Client } from '../helpers/client.js';
import { SP_ACS, SP_ACS_2, SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { formAction, inputValue } from '../helpers/html.js';
import { authnRequest, decodeSamlResponse, first, redirectQuery, statusCodes, verifySignatures } from '../helpers/saml.js';

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

describe('SP-initiated SSO (AuthnRequest → /saml2/{app})', () => {
  const h = suiteFixture(() => startIdp());
  let sso: string;
  before(async () => {
    sso = `${h.url}/saml2/talentlms`;
  });

  const request = (overrides: Parameters<typeof authnRequest>[0] extends infer T ? Partial<T> : never = {}) =>
    authnRequest({ destination: sso, issuer: SP_ENTITY_ID, ...overrides });

  async function signedInClient(): Promise<Client> {
    const client = h.client();
    const res = await signInThroughForm(client, '/login?next=/userconsole/');
    expect(res.status).to.equal(302);
    return client;
  }

  function responseOf(body: string) {
    return {
      action: formAction(body),
      relayState: inputValue(body, 'RelayState'),
      xml: decodeSamlResponse(inputValue(body, 'SAMLResponse') ?? ''),
    };
  }

  async function expectErrorPage(res: Response, status: number, code: string, text?: string) {
    expect(res.status).to.equal(status);
    const body = await res.text();
    expect(body).to.contain(code);
    if (text) expect(body).to.contain(text);
    expect(body).not.to.contain('SAMLResponse');
  }

  it('answers a Redirect-binding request after the login form, with InResponseTo and the RelayState kept', async () => {
    const { id, xml } = request();
    const client = h.client();
    const start = await client.get(`/saml2/talentlms?${redirectQuery(xml, 'course/42?tab=1')}`);
    expect(start.status).to.equal(302);
    const loginPage = await (await client.get(start.headers.get('location') ?? '')).text();
    expect(loginPage).to.contain('Sign in to continue to TalentLMS');
    const res = await signInThroughForm(client, start.headers.get('location') ?? '');
    expect(res.status).to.equal(200);
    const r = responseOf(await res.text());
    expect(r.action).to.equal(SP_ACS);
    expect(r.relayState).to.equal('course/42?tab=1');
    verifySignatures(r.xml, h.idp.signing.certificatePem);
    expect(first(r.xml, NS.protocol, 'Response')?.getAttribute('InResponseTo')).to.equal(id);
    expect(first(r.xml, NS.assertion, 'SubjectConfirmationData')?.getAttribute('InResponseTo')).to.equal(id);
  });

  it('answers a POST-binding request from a signed-in person at once', async () => {
    const client = await signedInClient();
    const { id, xml } = request({ assertionConsumerServiceUrl: SP_ACS_2 });
    const res = await client.post('/saml2/talentlms', { SAMLRequest: encodePost(xml), RelayState: 'r1' });
    expect(res.status).to.equal(200);
    const r = responseOf(await res.text());
    expect(r.action).to.equal(SP_ACS_2);
    expect(r.relayState).to.equal('r1');
    expect(first(r.xml, NS.protocol, 'Response')?.getAttribute('InResponseTo')).to.equal(id);
    expect(statusCodes(r.xml)).to.deep.equal([`${STATUS}Success`]);
  });

  it('picks the ACS by AssertionConsumerServiceIndex, and the default ACS when the request names none', async () => {
    const client = await signedInClient();
    const byIndex = request().xml.replace(`AssertionConsumerServiceURL="${SP_ACS}"`, 'AssertionConsumerServiceIndex="1"');
    expect(responseOf(await (await client.get(`/saml2/talentlms?${redirectQuery(byIndex)}`)).text()).action).to.equal(SP_ACS_2);
    const none = request().xml.replace(`AssertionConsumerServiceURL="${SP_ACS}" `, '');
    expect(responseOf(await (await client.get(`/saml2/talentlms?${redirectQuery(none)}`)).text()).action).to.equal(SP_ACS);
  });

  it('asks for the password again when the request says ForceAuthn, even with a session', async () => {
    const client = await signedInClient();
    const { id, xml } = request({ forceAuthn: true });
    const start = await client.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    expect(start.status).to.equal(302);
    const page = await (await client.get(start.headers.get('location') ?? '')).text();
    expect(page).to.contain('asks you to enter your password again');
    const res = await signInThroughForm(client, start.headers.get('location') ?? '');
    expect(first(responseOf(await res.text()).xml, NS.protocol, 'Response')?.getAttribute('InResponseTo')).to.equal(id);
  });

  it('sends a signed NoPassive Response when IsPassive is set and nobody is signed in', async () => {
    const { id, xml } = request({ isPassive: true });
    const res = await h.client().get(`/saml2/talentlms?${redirectQuery(xml, 'keep-me')}`);
    expect(res.status).to.equal(200);
    const r = responseOf(await res.text());
    expect(r.action).to.equal(SP_ACS);
    expect(r.relayState).to.equal('keep-me');
    expect(verifySignatures(r.xml, h.idp.signing.certificatePem)).to.deep.equal(['Response']);
    expect(statusCodes(r.xml)).to.deep.equal([`${STATUS}Responder`, `${STATUS}NoPassive`]);
    expect(first(r.xml, NS.protocol, 'Response')?.getAttribute('InResponseTo')).to.equal(id);
    expect(first(r.xml, NS.assertion, 'Assertion')).to.equal(undefined);
  });

  it('sends a signed RequestDenied Response when the person is not in a bound group', async () => {
    await h.idp.services.directory.createUser({ username: 'not.member', email: 'not.member@example.com', password: 'not-member-pw' });
    const client = h.client();
    const { xml } = request();
    const start = await client.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    const res = await signInThroughForm(client, start.headers.get('location') ?? '', 'not.member', 'not-member-pw');
    const r = responseOf(await res.text());
    expect(r.action).to.equal(SP_ACS);
    expect(statusCodes(r.xml)).to.deep.equal([`${STATUS}Responder`, `${STATUS}RequestDenied`]);
    expect(first(r.xml, NS.assertion, 'Assertion')).to.equal(undefined);
    const events = await h.idp.services.events.list({ type: 'sso_auth', user: 'not.member' });
    expect(events.items[0]?.success).to.equal(false);
    expect(events.items[0]?.reason).to.equal('access_denied');
  });

  it('refuses a request from an unknown issuer with a 400 page', async () => {
    const { xml } = request({ issuer: 'evil.example' });
    await expectErrorPage(await h.client().get(`/saml2/talentlms?${redirectQuery(xml)}`), 400, 'unknown_issuer', 'evil.example');
  });

  it('never sends a Response to an unregistered ACS, even for a signed-in person', async () => {
    const client = await signedInClient();
    const { xml } = request({ assertionConsumerServiceUrl: 'https://attacker.example/acs' });
    const res = await client.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    await expectErrorPage(res, 400, 'acs_not_registered', 'is not registered for TalentLMS');
    const isPassive = request({ assertionConsumerServiceUrl: 'https://attacker.example/acs', isPassive: true });
    await expectErrorPage(await h.client().get(`/saml2/talentlms?${redirectQuery(isPassive.xml)}`), 400, 'acs_not_registered');
  });

  it('refuses malformed XML, a DOCTYPE, bad base64 and a non-AuthnRequest with 400 pages', async () => {
    const get = (xml: string) => h.client().get(`/saml2/talentlms?${redirectQuery(xml)}`);
    await expectErrorPage(await get('<samlp:AuthnRequest'), 400, 'malformed_xml');
    const { xml } = request();
    await expectErrorPage(await get(`<!DOCTYPE x [<!ENTITY e "boom">]>${xml}`), 400, 'dtd_forbidden');
    await expectErrorPage(await h.client().get('/saml2/talentlms?SAMLRequest=%25%25%25'), 400, 'bad_base64');
    await expectErrorPage(await get('<foo/>'), 400, 'malformed_request');
  });

  it('refuses an AuthnRequest carrying a processing instruction with a 400 page (processing_instruction_forbidden)', async () => {
    const { xml } = request();
    const withPi = xml.replace(`>${SP_ENTITY_ID}</saml:Issuer>`, `>talent<?x y?>lms.test</saml:Issuer>`);
    expect(withPi).to.contain('<?x y?>');
    const client = await signedInClient();
    await expectErrorPage(
      await client.get(`/saml2/talentlms?${redirectQuery(withPi)}`),
      400,
      'processing_instruction_forbidden',
      'processing instruction',
    );
    await expectErrorPage(
      await client.post('/saml2/talentlms', { SAMLRequest: encodePost(`<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?>${xml}`) }),
      400,
      'processing_instruction_forbidden',
    );
  });

  it('refuses a request that is too old, or addressed to another Destination', async () => {
    const old = request({ issueInstant: new Date(Date.now() - 10 * 60 * 1000) });
    await expectErrorPage(
      await h.client().get(`/saml2/talentlms?${redirectQuery(old.xml)}`),
      400,
      'request_expired',
      'more than 300 seconds ago',
    );
    const future = request({ issueInstant: new Date(Date.now() + 10 * 60 * 1000) });
    await expectErrorPage(await h.client().get(`/saml2/talentlms?${redirectQuery(future.xml)}`), 400, 'request_not_yet_valid');
    const elsewhere = request({ destination: 'https://other-idp.example/sso' });
    await expectErrorPage(await h.client().get(`/saml2/talentlms?${redirectQuery(elsewhere.xml)}`), 400, 'destination_mismatch');
  });

  it('accepts a RelayState longer than 80 bytes but refuses one over 1 KiB', async () => {
    const client = await signedInClient();
    const long = 'x'.repeat(200);
    const res = await client.get(`/saml2/talentlms?${redirectQuery(request().xml, long)}`);
    expect(responseOf(await res.text()).relayState).to.equal(long);
    await expectErrorPage(
      await client.get(`/saml2/talentlms?${redirectQuery(request().xml, 'y'.repeat(1025))}`),
      400,
      'relay_state_too_long',
    );
  });

  it('records rejected requests as failed sso_auth events with their reason code', async () => {
    const from = new Date();
    const get = (xml: string) => h.client().get(`/saml2/talentlms?${redirectQuery(xml)}`);
    await expectErrorPage(await get(request({ issuer: 'evil.example' }).xml), 400, 'unknown_issuer');
    await expectErrorPage(
      await get(request({ assertionConsumerServiceUrl: 'https://attacker.example/acs' }).xml),
      400,
      'acs_not_registered',
    );
    await expectErrorPage(await get(`<!DOCTYPE x [<!ENTITY e "boom">]>${request().xml}`), 400, 'dtd_forbidden');
    await expectErrorPage(await get(request({ issueInstant: new Date(Date.now() - 10 * 60 * 1000) }).xml), 400, 'request_expired');
    expect((await get(request({ isPassive: true }).xml)).status).to.equal(200);
    const events = await h.idp.services.events.list({ type: 'sso_auth', success: false, application: 'talentlms', from, limit: 500 });
    const reasons = events.items.map((e) => e.reason);
    expect(reasons).to.include.members(['unknown_issuer', 'acs_not_registered', 'dtd_forbidden', 'request_expired', 'no_passive']);
  });
});
