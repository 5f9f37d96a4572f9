// Importing an SP's metadata into an application over the admin API, from independent SPs' own generated metadata
// (samlify pasted, node-saml fetched from its URL), then signing in with that SP: the imported entity ID and ACS work.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { generateSigningMaterial } from '@samlbridge/certs';
import { BINDING } from '@samlbridge/protocol';
import { expect } from 'chai';
import * as samlify from 'samlify';
import { HttpBrowser } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { type Stack, startStack } from './support/stack.js';
import { signInAtIdp } from './support/stack-fixture.js';

describe("SP metadata import (admin API) from samlify's and node-saml's metadata, then a login with that SP", function () {
  this.timeout(60_000);
  let stack: Stack;
  let files: Server;
  let filesUrl: string;
  const served = new Map<string, { status: number; body: string; location?: string }>();

  before(async () => {
    stack = await startStack();
    samlify.setSchemaValidator({ validate: async () => 'skipped (schema validation is out of scope here)' });
    files = createServer((req, res) => {
      const f = served.get(req.url ?? '') ?? { status: 404, body: 'no such file' };
      res.writeHead(f.status, { 'content-type': 'application/samlmetadata+xml', ...(f.location ? { location: f.location } : {}) });
      res.end(f.body);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  after(async () => {
    await stack?.stop();
    await new Promise((r) => files?.close(r));
  });

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${stack.idpUrl}/api${path}`, {
      method,
      headers: { 'x-api-key': stack.idp.config.adminApiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
    return { status: res.status, body: (await res.json()) as any };
  }

  /** A new SAML application the demo user may sign in to. */
  async function newApplication(label: string): Promise<{ id: string; name: string }> {
    const app = (await api('POST', '/applications', { displayLabel: label })).body;
    const listed = (await api('GET', '/applications?limit=500')).body.items.find((a: { name: string }) => a.name === stack.appName);
    const demo = (await api('GET', `/applications/${listed.id}`)).body;
    expect(demo.groupIds).to.have.length.greaterThan(0);
    expect((await api('PUT', `/applications/${app.id}/bindings`, { groupIds: demo.groupIds })).status).to.be.lessThan(300);
    return app;
  }

  /** Follows `url` to the IdP's login form, signs in, returns the SAMLResponse posted to the SP. */
  async function loginAt(url: string): Promise<{ samlResponse: string; action: string }> {
    const browser = new HttpBrowser();
    const login = await browser.get(url);
    const post = samlPostForm(await signInAtIdp(stack, browser, login));
    return { samlResponse: post.fields.SAMLResponse ?? '', action: post.action };
  }

  it("imports samlify's generated SP metadata (pasted): the diff first, then saved, and samlify's login works", async () => {
    const app = await newApplication('Samlify SP');
    const sp = samlify.ServiceProvider({
      entityID: 'https://samlify-sp.example/metadata',
      authnRequestsSigned: false,
      wantAssertionsSigned: true,
      assertionConsumerService: [
        { Binding: BINDING.post, Location: 'https://samlify-sp.example/acs' },
        { Binding: BINDING.post, Location: 'https://samlify-sp.example/acs-2' },
      ],
    });
    const xml = sp.getMetadata();
    const preview = await api('POST', `/applications/${app.id}/metadata-import/preview`, { xml });
    expect(preview.status).to.equal(200);
    expect(preview.body.applied).to.equal(false);
    const entity = preview.body.changes.find((c: { field: string }) => c.field === 'spEntityId');
    expect(entity.new).to.equal('https://samlify-sp.example/metadata');
    expect(preview.body.changes.find((c: { field: string }) => c.field === 'acsUrls').new).to.equal(
      '[0] https://samlify-sp.example/acs\n[1] https://samlify-sp.example/acs-2',
    );
    // A preview saves nothing.
    expect((await api('GET', `/applications/${app.id}`)).body.spEntityId).to.equal(entity.current);

    const saved = await api('POST', `/applications/${app.id}/metadata-import`, { xml });
    expect(saved.body.applied).to.equal(true);
    const after = (await api('GET', `/applications/${app.id}`)).body;
    expect(after).to.include({ spEntityId: 'https://samlify-sp.example/metadata' });
    expect(after.acsUrls).to.deep.equal(['https://samlify-sp.example/acs', 'https://samlify-sp.example/acs-2']);

    const idp = samlify.IdentityProvider({ metadata: await (await fetch(`${stack.idpUrl}/saml2/${app.name}/metadata`)).text() });
    const { context } = sp.createLoginRequest(idp, 'redirect') as { context: string };
    const { samlResponse, action } = await loginAt(context);
    expect(after.acsUrls).to.include(action);
    const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: samlResponse } });
    expect(extract.nameID).to.equal(stack.demo.username);
  });

  it("imports node-saml's generated SP metadata from its URL, with its signing certificate, and node-saml's login works", async () => {
    const app = await newApplication('Node SAML SP');
    const { privateKeyPem, certificatePem } = generateSigningMaterial({ commonName: 'node-saml-sp.example' });
    const idpCert = stack.idp.signing.certificatePem;
    const saml = new SAML({
      entryPoint: `${stack.idpUrl}/saml2/${app.name}`,
      issuer: 'https://node-saml-sp.example',
      callbackUrl: 'https://node-saml-sp.example/login/callback',
      idpCert,
      privateKey: privateKeyPem,
      signatureAlgorithm: 'sha256',
      publicCert: certificatePem,
      audience: 'https://node-saml-sp.example',
      validateInResponseTo: ValidateInResponseTo.never,
      // The stack runs on plain http, where node-saml's default request (PasswordProtectedTransport, exact) is
      // truthfully answered NoAuthnContext (SECURITY.md); and its default NameIDPolicy asks for the email.
      disableRequestedAuthnContext: true,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    });
    served.set('/node-saml.xml', { status: 200, body: saml.generateServiceProviderMetadata(null, certificatePem) });
    const saved = await api('POST', `/applications/${app.id}/metadata-import`, { url: `${filesUrl}/node-saml.xml` });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    const after = (await api('GET', `/applications/${app.id}`)).body;
    expect(after).to.include({ spEntityId: 'https://node-saml-sp.example', requireSignedRequests: true });
    expect(after.acsUrls).to.deep.equal(['https://node-saml-sp.example/login/callback']);
    expect(after.spCertificatePem.replace(/\s+/g, '')).to.equal(certificatePem.replace(/\s+/g, ''));

    // node-saml signs its AuthnRequest (it has a private key): the imported certificate verifies it.
    const { samlResponse } = await loginAt(await saml.getAuthorizeUrlAsync('', undefined, {}));
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    expect(profile?.nameID).to.equal(stack.demo.username);
  });

  it('answers a clear 400 for IdP metadata, a document that is not metadata, a redirecting URL and a non-http URL', async () => {
    const app = await newApplication('Refusals');
    const preview = (body: unknown) => api('POST', `/applications/${app.id}/metadata-import/preview`, body);
    const idpMetadata = await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/metadata`)).text();
    served.set('/moved', { status: 302, body: '', location: 'http://10.0.0.1/' });
    const refusals = [
      await preview({ xml: idpMetadata }),
      await preview({ xml: '<html><body>Login</body></html>' }),
      await preview({ url: `${filesUrl}/moved` }),
      await preview({ url: 'file:///etc/passwd' }),
      await preview({}),
    ];
    expect(refusals.map((r) => r.status)).to.deep.equal([400, 400, 400, 400, 400]);
    expect(refusals.map((r) => r.body.message)).to.satisfy((m: string[]) =>
      [
        /identity provider metadata/,
        /not SAML metadata: its root element is <html>/,
        /redirect \(302\); redirects are not followed/,
        /Only http and https/,
        /Paste the service provider metadata/,
      ].every((re, i) => re.test(m[i] ?? '')),
    );
  });

  it('asks which service provider of a document with several, and takes the entity ID as a parameter', async () => {
    const app = await newApplication('Federation');
    const entity = (id: string) =>
      `<md:EntityDescriptor entityID="${id}"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:AssertionConsumerService Binding="${BINDING.post}" Location="${id}/acs" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`;
    const xml = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${entity('https://a.example')}${entity('https://b.example')}</md:EntitiesDescriptor>`;
    const ask = await api('POST', `/applications/${app.id}/metadata-import/preview`, { xml });
    expect(ask.status).to.equal(400);
    expect(ask.body.message).to.contain('describes 2 service providers; choose one by its entity ID: https://a.example, https://b.example');
    const chosen = await api('POST', `/applications/${app.id}/metadata-import`, { xml, entityId: 'https://b.example' });
    expect(chosen.body.entityId).to.equal('https://b.example');
    expect((await api('GET', `/applications/${app.id}`)).body.acsUrls).to.deep.equal(['https://b.example/acs']);
  });

  it('warns about expired signing and encryption certificates (the latter not applied) and stores the SLO endpoint', async () => {
    const app = await newApplication('Expired');
    const old = generateSigningMaterial({ commonName: 'old-sp.example', days: 1, now: new Date(Date.now() - 10 * 86_400_000) });
    const body = old.certificatePem.replace(/-----[^-]+-----|\s/g, '');
    const kd = (use: string) =>
      `<md:KeyDescriptor use="${use}"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    const xml = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://old-sp.example"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${kd('signing')}${kd('encryption')}<md:SingleLogoutService Binding="${BINDING.redirect}" Location="https://old-sp.example/slo"/><md:AssertionConsumerService Binding="${BINDING.post}" Location="https://old-sp.example/acs" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`;
    const preview = await api('POST', `/applications/${app.id}/metadata-import/preview`, { xml });
    expect(preview.status).to.equal(200);
    expect(preview.body.warnings.join('\n')).to.match(/The signing certificate .*old-sp\.example.* expired on/);
    expect(preview.body.warnings.join('\n')).to.match(/The encryption certificate 1 of the metadata expired on .*: not applied/);
    expect(preview.body.changes.map((c: { field: string }) => c.field)).not.to.include('encryptAssertion');
    expect(preview.body.notApplied).to.deep.equal([]);
    expect(preview.body.changes).to.deep.include({ field: 'sloUrl', current: '', new: 'https://old-sp.example/slo' });
  });
});
