import { NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { SP_ACS, SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { formAction, inputValue } from '../helpers/html.js';
import { attributes, decodeSamlResponse, first, verifySignatures } from '../helpers/saml.js';

describe('IdP-initiated SSO (user console tile → /saml2/{app})', () => {
  const h = suiteFixture(() => startIdp());

  async function launchSignedIn(appName = 'talentlms') {
    const client = h.client();
    const first = await client.get(`/saml2/${appName}`);
    expect(first.status).to.equal(302);
    const res = await signInThroughForm(client, first.headers.get('location') ?? '');
    return { client, res, body: await res.text() };
  }

  it('sends a person without a session to the login form with a parked flow', async () => {
    const res = await h.client().get('/saml2/talentlms');
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.match(/^\/login\?flow=[\w-]{20,}$/);
  });

  it('posts a signed Response with the four attributes to the default ACS after sign-in', async () => {
    const { res, body } = await launchSignedIn();
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.contain('no-store');
    expect(formAction(body)).to.equal(SP_ACS);
    expect(body).to.contain('/assets/autopost.js').and.to.contain('Continue');
    expect(inputValue(body, 'RelayState')).to.equal('http://sp.test/');
    const xml = decodeSamlResponse(inputValue(body, 'SAMLResponse') ?? '');
    expect(verifySignatures(xml, h.idp.signing.certificatePem).sort()).to.deep.equal(['Assertion', 'Response']);
    expect(attributes(xml)).to.deep.equal({
      Username: ['demo.user'],
      FirstName: ['Demo'],
      LastName: ['User'],
      Email: ['demo.user@example.com'],
    });
    const response = first(xml, NS.protocol, 'Response');
    expect(response?.getAttribute('Destination')).to.equal(SP_ACS);
    expect(response?.hasAttribute('InResponseTo')).to.equal(false);
    expect(first(xml, NS.assertion, 'Issuer')?.textContent).to.equal(`${h.url}/saml2/talentlms`);
    expect(first(xml, NS.assertion, 'Audience')?.textContent).to.equal(SP_ENTITY_ID);
    expect(first(xml, NS.assertion, 'NameID')?.textContent).to.equal('demo.user');
    expect(first(xml, NS.assertion, 'SubjectConfirmationData')?.getAttribute('Recipient')).to.equal(SP_ACS);
    const conditions = first(xml, NS.assertion, 'Conditions');
    const notBefore = Date.parse(conditions?.getAttribute('NotBefore') ?? '');
    const notOnOrAfter = Date.parse(conditions?.getAttribute('NotOnOrAfter') ?? '');
    expect(notOnOrAfter - notBefore).to.be.closeTo((60 + 300) * 1000, 2000);
  });

  /** Another application, its entity ID `host` and its ACS http://<host>/acs. */
  const applicationAt = (host: string, fields: { name: string; displayLabel: string; ssoActive?: boolean }) =>
    h.idp.services.directory.createApplication({ ...fields, spEntityId: host, acsUrls: [`http://${host}/acs`] });

  it('reuses the IdP session for a second launch and for another application', async () => {
    const other = await applicationAt('second.test', { name: 'second-app', displayLabel: 'Second app' });
    const group = await h.idp.services.directory.findGroupByName('TalentLMS Users');
    await h.idp.services.directory.bindGroup(other.id, group?.id ?? '');
    const { client } = await launchSignedIn();
    const again = await client.get('/saml2/talentlms');
    expect(again.status).to.equal(200);
    const res = await client.get('/saml2/second-app');
    expect(res.status).to.equal(200);
    const body = await res.text();
    expect(formAction(body)).to.equal('http://second.test/acs');
    const xml = decodeSamlResponse(inputValue(body, 'SAMLResponse') ?? '');
    expect(first(xml, NS.assertion, 'Audience')?.textContent).to.equal('second.test');
  });

  it('shows a 403 page (and no Response) to a signed-in person outside every bound group', async () => {
    await h.idp.services.directory.createUser({ username: 'outsider', email: 'outsider@example.com', password: 'outsider-password' });
    const client = h.client();
    const first = await client.get('/saml2/talentlms');
    const res = await signInThroughForm(client, first.headers.get('location') ?? '', 'outsider', 'outsider-password');
    expect(res.status).to.equal(403);
    const body = await res.text();
    expect(body).to.contain('You don&#39;t have access to TalentLMS. Ask your administrator to add you to a group bound to it.');
    expect(body).not.to.contain('SAMLResponse');
  });

  it('refuses a deactivated application with a clear 403 page', async () => {
    const app = await applicationAt('inactive.test', { name: 'inactive', displayLabel: 'Inactive LMS', ssoActive: false });
    const res = await h.client().get(`/saml2/${app.name}`);
    expect(res.status).to.equal(403);
    const body = await res.text();
    expect(body).to.contain('Single sign-on to Inactive LMS is deactivated');
    expect(body).to.contain('application_deactivated');
  });

  it('answers an unknown application with a 404 page', async () => {
    const res = await h.client().get('/saml2/no-such-app');
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.contain('text/html');
    expect(await res.text()).to.contain('There is no application &quot;no-such-app&quot;');
  });

  it('records sso_auth events for issued Responses and for rejections', async () => {
    expect((await launchSignedIn()).res.status).to.equal(200);
    await h.idp.services.directory.createUser({
      username: 'events.outsider',
      email: 'events.outsider@example.com',
      password: 'outsider-password',
    });
    const client = h.client();
    const start = await client.get('/saml2/talentlms');
    await signInThroughForm(client, start.headers.get('location') ?? '', 'events.outsider', 'outsider-password');
    await h.client().get('/saml2/no-such-app');
    const ok = await h.idp.services.events.list({ type: 'sso_auth', success: true, user: 'demo.user' });
    expect(ok.items.map((e) => e.application)).to.include('talentlms');
    const denied = await h.idp.services.events.list({ type: 'sso_auth', success: false, user: 'events.outsider' });
    expect(denied.items.map((e) => e.reason)).to.include('access_denied');
    const unknown = await h.idp.services.events.list({ type: 'sso_auth', application: 'no-such-app' });
    expect(unknown.items[0]?.reason).to.equal('unknown_application');
    expect(JSON.stringify(ok.items)).not.to.contain('SAMLResponse');
  });
});
