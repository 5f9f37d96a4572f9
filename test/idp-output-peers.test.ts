// The IdP's real HTTP output, checked by independent validators: node-saml with its
// defaults, samlify's ServiceProvider fed our metadata, and xmlsec1 as a crypto oracle.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { SAML_ID_ELEMENTS, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import * as samlify from 'samlify';
import { HttpBrowser } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { signInAtIdp, stackFixture } from './support/stack-fixture.js';

const RESPONSE_IDS = [SAML_ID_ELEMENTS.response, SAML_ID_ELEMENTS.assertion];

describe('IdP responses checked by independent peers', () => {
  const stack = stackFixture();
  let samlResponse: string;
  let xml: string;
  const tmp = mkdtempSync(join(tmpdir(), 'samlbridge-peers-'));

  before(async () => {
    const browser = new HttpBrowser();
    const post = samlPostForm(await signInAtIdp(stack, browser, await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`)));
    samlResponse = post.fields.SAMLResponse ?? '';
    xml = post.xml;
  });
  after(async () => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('is accepted by node-saml with its defaults (Response and Assertion signatures required)', async () => {
    const spHost = new URL(stack.spUrl).hostname;
    const saml = new SAML({
      idpCert: stack.idp.signing.certificatePem,
      issuer: spHost,
      audience: spHost,
      callbackUrl: stack.spAcsUrl,
      validateInResponseTo: ValidateInResponseTo.never,
    });
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    expect(profile?.nameID).to.equal(stack.demo.username);
    expect(profile?.Email).to.be.a('string').and.contain('@');
  });

  it('is accepted by samlify ServiceProvider configured from our IdP metadata', async () => {
    samlify.setSchemaValidator({ validate: async () => 'skipped (schema validation is out of scope for this check)' });
    const metadata = await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/metadata`)).text();
    const idp = samlify.IdentityProvider({ metadata });
    const sp = samlify.ServiceProvider({
      entityID: new URL(stack.spUrl).hostname,
      wantAssertionsSigned: true,
      wantMessageSigned: true,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: stack.spAcsUrl }],
    });
    const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: samlResponse } });
    expect(extract.nameID).to.equal(stack.demo.username);
    expect(extract.attributes?.Username).to.equal(stack.demo.username);
  });

  it('has a signature xmlsec1 verifies with the downloaded certificate', async () => {
    const pem = await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/certificate.pem`)).text();
    writeFileSync(join(tmp, 'idp.crt'), pem);
    writeFileSync(join(tmp, 'response.xml'), xml);
    expect(xmlsecVerify(join(tmp, 'response.xml'), join(tmp, 'idp.crt'), RESPONSE_IDS)).to.match(/^OK$/m);
  });

  it('is refused by xmlsec1 once a signed attribute value is changed', () => {
    const tampered = xml.replace(stack.demo.username, 'someone.else');
    expect(tampered).to.not.equal(xml);
    writeFileSync(join(tmp, 'tampered.xml'), tampered);
    // Its own copy of the certificate: the test runs alone too.
    writeFileSync(join(tmp, 'signing.crt'), stack.idp.signing.certificatePem);
    writeFileSync(join(tmp, 'untouched.xml'), xml);
    expect(xmlsecVerify(join(tmp, 'untouched.xml'), join(tmp, 'signing.crt'), RESPONSE_IDS)).to.match(/^OK$/m);
    expect(() => xmlsecVerify(join(tmp, 'tampered.xml'), join(tmp, 'signing.crt'), RESPONSE_IDS)).to.throw(/did not verify/);
  });
});
