// Staged IdP signing-key rotation end to end over real HTTP: next key → the metadata publishes both certificates →
// SPs keep working (ours pinned to the old SHA-1 fingerprint, node-saml trusting both certificates) → activate →
// Responses are signed by the new key → retire → only the new certificate is published.

import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { certificateBody } from '@samlbridge/protocol';
import { expect } from 'chai';
import { HttpBrowser } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { signInAtIdp, stackFixture } from './support/stack-fixture.js';

const X509 = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g;

describe('IdP signing-key rotation (generate next → activate → retire)', function () {
  this.timeout(60_000);
  const stack = stackFixture();

  async function api(method: string, path: string) {
    const res = await fetch(`${stack.idpUrl}/api${path}`, { method, headers: { 'x-api-key': stack.idp.config.adminApiKey } });
    return { status: res.status, body: await res.json() };
  }

  /** The base64 bodies of the certificates the application's metadata publishes. */
  async function publishedCertificates(): Promise<string[]> {
    const xml = await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/metadata`)).text();
    return [...xml.matchAll(X509)].map((m) => m[1] ?? '');
  }

  /** SP-initiated sign-in in a fresh browser: the SAMLResponse the IdP posted and whether the SP signed the person in. */
  async function signInThroughSp(): Promise<{ samlResponse: string; xml: string; signedIn: boolean }> {
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.spUrl}/index/ssologin/service:saml`);
    const post = samlPostForm(await signInAtIdp(stack, browser, login));
    await browser.submit(post);
    const session = JSON.parse((await browser.request('GET', `${stack.spUrl}/api/session`)).body);
    return { samlResponse: post.fields.SAMLResponse ?? '', xml: post.xml, signedIn: session?.login === stack.demo.username };
  }

  function nodeSaml(certificates: string[]) {
    const spHost = new URL(stack.spUrl).hostname;
    return new SAML({
      idpCert: certificates,
      issuer: spHost,
      audience: spHost,
      callbackUrl: stack.spAcsUrl,
      validateInResponseTo: ValidateInResponseTo.never,
    });
  }

  async function nodeSamlAccepts(certificates: string[], samlResponse: string): Promise<boolean> {
    try {
      const { profile } = await nodeSaml(certificates).validatePostResponseAsync({ SAMLResponse: samlResponse });
      return profile?.nameID === stack.demo.username;
    } catch {
      return false;
    }
  }

  it('publishes both certificates during the overlap, keeps every SP working, then signs with the new key and stops publishing the old one', async () => {
    const oldPem = stack.idp.signing.certificatePem;
    const oldSha1 = stack.idp.signing.fingerprints.sha1;
    expect(await publishedCertificates()).to.deep.equal([certificateBody(oldPem)]);

    // 1. Generate the next key: published at once, not signing.
    const next = await api('POST', '/signing-keys');
    expect(next.status).to.equal(201);
    expect(next.body.state).to.equal('next');
    const newPem: string = next.body.pem;
    expect(await publishedCertificates()).to.deep.equal([certificateBody(oldPem), certificateBody(newPem)]);

    const during = await signInThroughSp();
    expect(during.signedIn, 'our SP, pinned to the old fingerprint').to.equal(true);
    expect([...during.xml.matchAll(X509)].map((m) => m[1]))
      .to.include(certificateBody(oldPem))
      .and.not.include(certificateBody(newPem));
    expect(await nodeSamlAccepts([oldPem, newPem], during.samlResponse), 'node-saml with both certificates').to.equal(true);

    // 2. Activate: the new key signs; the old certificate stays published as "previous".
    const activated = await api('POST', `/signing-keys/${next.body.id}/activate`);
    expect(activated.status).to.equal(200);
    expect(activated.body.state).to.equal('active');
    expect(await publishedCertificates()).to.deep.equal([certificateBody(newPem), certificateBody(oldPem)]);

    const after = await signInThroughSp();
    expect([...after.xml.matchAll(X509)].map((m) => m[1]))
      .to.include(certificateBody(newPem))
      .and.not.include(certificateBody(oldPem));
    expect(await nodeSamlAccepts([oldPem, newPem], after.samlResponse), 'node-saml with both certificates').to.equal(true);
    expect(await nodeSamlAccepts([newPem], after.samlResponse), 'node-saml with the new certificate only').to.equal(true);
    expect(await nodeSamlAccepts([oldPem], after.samlResponse), 'node-saml with the old certificate only').to.equal(false);
    expect(after.signedIn, 'our SP still pinned to the old fingerprint only').to.equal(false);

    // The SP admin adds the new fingerprint (TalentLMS-like SPs accept several during a rotation).
    const spHost = new URL(stack.spUrl).hostname;
    await stack.sp.services.sso.updateSettings(spHost, { certificateFingerprints: [oldSha1, next.body.sha1] });
    expect((await signInThroughSp()).signedIn, 'our SP with both fingerprints').to.equal(true);

    // 3. Retire the previous key: no longer published, no longer listed as published anywhere.
    const previous = (await api('GET', '/signing-keys')).body.items.find((k: { state: string }) => k.state === 'previous');
    const retired = await api('POST', `/signing-keys/${previous.id}/retire`);
    expect(retired.body).to.include({ state: 'retired', sha1: oldSha1 });
    expect(await publishedCertificates()).to.deep.equal([certificateBody(newPem)]);
    expect(await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/certificate.pem`)).text()).to.equal(newPem);
    expect((await signInThroughSp()).signedIn).to.equal(true);

    // Each step is an audit event naming the key's fingerprint.
    const events = (await api('GET', '/events?type=signing_key&limit=10')).body.items as { reason: string; detail: { sha1: string } }[];
    expect(events.map((e) => [e.reason, e.detail.sha1]).sort()).to.deep.equal(
      [
        ['activate', next.body.sha1],
        ['generate_next', next.body.sha1],
        ['retire', oldSha1],
      ].sort(),
    );
  });
});
