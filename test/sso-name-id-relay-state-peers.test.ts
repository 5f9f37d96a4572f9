// NameIDPolicy, attribute NameFormat, IdP-initiated RelayState and the TalentLMS entity ID, between the IdP and
// independent SPs (node-saml, samlify) and between our two apps, over real HTTP.

import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { ATTRNAME_FORMAT, NAMEID_FORMAT } from '@samlbridge/protocol';
import { expect } from 'chai';
import * as samlify from 'samlify';
import { HttpBrowser } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { type Stack, startStack } from './support/stack.js';
import { signInAtIdp } from './support/stack-fixture.js';

describe('NameID, attributes, RelayState and entity IDs with independent peers and the TalentLMS-like SP', () => {
  let stack: Stack;
  let spHost: string;
  let appId: string;
  const api = () => ({ 'x-api-key': stack.idp.config.adminApiKey, 'content-type': 'application/json' });
  const patch = async (body: Record<string, unknown>) => {
    const res = await fetch(`${stack.idpUrl}/api/applications/${appId}`, { method: 'PATCH', headers: api(), body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).to.equal(200);
    return res.json();
  };

  before(async () => {
    stack = await startStack();
    spHost = new URL(stack.spUrl).hostname;
    appId = (await stack.idp.services.directory.findApplicationByName(stack.appName))?.id ?? '';
    samlify.setSchemaValidator({ validate: async () => 'skipped (schema validation is out of scope for this check)' });
  });
  after(async () => stack?.stop());

  /** Follows an SP's redirect to the IdP, signs in, and returns the auto-posted Response form. */
  async function loginThrough(url: string) {
    const browser = new HttpBrowser();
    const login = await browser.get(url);
    return samlPostForm(await signInAtIdp(stack, browser, login));
  }

  it('gives node-saml, asking for emailAddress in its NameIDPolicy, the email as NameID in that format', async () => {
    const saml = new SAML({
      entryPoint: `${stack.idpUrl}/saml2/${stack.appName}`,
      issuer: spHost,
      audience: spHost,
      callbackUrl: stack.spAcsUrl,
      idpCert: stack.idp.signing.certificatePem,
      identifierFormat: NAMEID_FORMAT.emailAddress,
      disableRequestedAuthnContext: true,
      validateInResponseTo: ValidateInResponseTo.always,
    });
    const post = await loginThrough(await saml.getAuthorizeUrlAsync('', undefined, {}));
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: post.fields.SAMLResponse ?? '' });
    expect(profile?.nameIDFormat).to.equal(NAMEID_FORMAT.emailAddress);
    expect(profile?.nameID).to.equal(`${stack.demo.username}@example.com`);
  });

  it('gives samlify, asking for persistent, a stable opaque NameID qualified by both entity IDs, and the standard OID attributes', async () => {
    const before = (await stack.idp.services.directory.getApplication(appId)).attributes;
    const portalLike = before.map((a) => ({ ...a }));
    // What the portal's "Use standard OIDs" button saves, through the admin API.
    await patch({
      attributes: portalLike.map((a) =>
        a.source === 'email'
          ? { ...a, name: 'urn:oid:0.9.2342.19200300.100.1.3', nameFormat: 'uri', friendlyName: 'mail' }
          : a.source === 'firstName'
            ? { ...a, name: 'urn:oid:2.5.4.42', nameFormat: 'uri', friendlyName: 'givenName' }
            : a,
      ),
    });
    try {
      const idp = samlify.IdentityProvider({ metadata: await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/metadata`)).text() });
      const sp = samlify.ServiceProvider({
        entityID: spHost,
        nameIDFormat: [NAMEID_FORMAT.persistent],
        allowCreate: true,
        wantAssertionsSigned: true,
        assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: stack.spAcsUrl }],
      });
      const values: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { context } = sp.createLoginRequest(idp, 'redirect') as { context: string };
        const post = await loginThrough(context);
        const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: post.fields.SAMLResponse } });
        values.push(String(extract.nameID));
        expect(extract.attributes?.['urn:oid:0.9.2342.19200300.100.1.3']).to.equal(`${stack.demo.username}@example.com`);
        expect(extract.attributes?.['urn:oid:2.5.4.42']).to.be.a('string').and.not.equal('');
        // Our own Response, as written (exclusive-canonical form: attributes in sorted order).
        const nameId = /<saml:NameID ([^>]*)>/.exec(post.xml)?.[1] ?? '';
        expect(nameId).to.equal(
          `Format="${NAMEID_FORMAT.persistent}" NameQualifier="${stack.idpUrl}/saml2/${stack.appName}" SPNameQualifier="${spHost}"`,
        );
        expect(post.xml).to.contain(
          `<saml:Attribute FriendlyName="mail" Name="urn:oid:0.9.2342.19200300.100.1.3" NameFormat="${ATTRNAME_FORMAT.uri}">`,
        );
      }
      expect(values[0]).to.be.a('string').and.not.contain(stack.demo.username);
      expect(values[1]).to.equal(values[0]);
    } finally {
      await patch({ attributes: before });
    }
  });

  describe('IdP-initiated RelayState', () => {
    async function launchRelayState(relayState: string): Promise<string | undefined> {
      const post = await loginThrough(`${stack.idpUrl}/saml2/${stack.appName}?RelayState=${encodeURIComponent(relayState)}`);
      return post.fields.RelayState;
    }
    before(() => patch({ defaultRelayState: '/dashboard', allowedRelayStates: ['https://lms.example.com/courses/*'] }));
    after(() => patch({ defaultRelayState: '', allowedRelayStates: [] }));

    it('passes a relative path of at most 80 bytes to the SP, which lands the person there', async () => {
      const browser = new HttpBrowser();
      const login = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}?RelayState=${encodeURIComponent('/dashboard?tab=courses')}`);
      const post = samlPostForm(await signInAtIdp(stack, browser, login));
      expect(post.fields.RelayState).to.equal('/dashboard?tab=courses');
      const landed = await browser.submit(post);
      expect(landed.status).to.equal(200);
      expect(landed.url.startsWith(stack.spUrl)).to.equal(true);
    });

    it("passes a URL matching the application's allowed prefix", async () => {
      expect(await launchRelayState('https://lms.example.com/courses/42')).to.equal('https://lms.example.com/courses/42');
    });

    it('replaces open-redirect shapes and over-long paths with the default RelayState', async () => {
      for (const refused of [
        'https://evil.example/',
        '//evil.example/x',
        '/\\evil.example',
        '/%2F%2Fevil.example',
        'javascript:alert(1)',
        'https://lms.example.com/coursesX',
        `/${'a'.repeat(80)}`,
      ]) {
        expect(await launchRelayState(refused), refused).to.equal('/dashboard');
      }
    });
  });

  it("fills the TalentLMS catalog template into exactly the SP page's entity ID and ACS URL, and a login then works", async () => {
    const sso = await (
      await fetch(`${stack.spUrl}/api/admin/sso`, { headers: { authorization: `Bearer ${stack.sp.config.adminApiKey}` } })
    ).json();
    const template = stack.idp.services.directory.catalog().find((c) => c.id === 'talentlms')?.defaults;
    // YOURDOMAIN / SUBDOMAIN → this SP (https://acme.talentlms.com in production; a loopback origin here).
    const origin = new URL(stack.spUrl).origin;
    const fill = (value: string) =>
      value.replace('https://YOURDOMAIN.talentlms.com', origin).replace(/(YOURDOMAIN|SUBDOMAIN)\.talentlms\.com/g, spHost);
    const spEntityId = fill(template?.spEntityId ?? '');
    const acsUrls = (template?.acsUrls ?? []).map(fill);
    expect(spEntityId).to.equal(sso.sp.entityId);
    expect(acsUrls).to.deep.equal([sso.sp.acsUrl]);
    const spMetadata = await (await fetch(sso.sp.metadataUrl)).text();
    expect(/entityID="([^"]*)"/.exec(spMetadata)?.[1]).to.equal(spEntityId);

    const demo = await stack.idp.services.directory.getApplication(appId);
    const created = await fetch(`${stack.idpUrl}/api/applications`, {
      method: 'POST',
      headers: api(),
      body: JSON.stringify({ catalog: 'talentlms', name: 'talentlms-from-template', spEntityId, acsUrls, idpEntityId: demo.idpEntityId }),
    });
    expect(created.status, await created.clone().text()).to.equal(201);
    const app = await created.json();
    await stack.idp.services.directory.setApplicationGroups(app.id, demo.groupIds);
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/saml2/talentlms-from-template`);
    const post = samlPostForm(await signInAtIdp(stack, browser, login));
    const home = await browser.submit(post);
    expect(home.status, home.body.slice(0, 300)).to.equal(200);
    const session = await browser.request('GET', `${stack.spUrl}/api/session`);
    expect(JSON.parse(session.body)).to.include({ login: stack.demo.username, signedInVia: 'sso' });
  });
});
