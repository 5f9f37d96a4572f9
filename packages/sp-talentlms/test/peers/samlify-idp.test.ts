// An independent IdP (samlify) must be accepted; the same Response re-signed by another key must not.

import { certificateBody, encodePost, fingerprints } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import * as samlify from 'samlify';
import { SignedXml } from 'xml-crypto';
import { expectRejected } from '../helpers/expect-rejected.js';
import { IDP_ENTITY_ID, IDP_SSO_URL, sessionOf, startSp } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';

// samlify refuses to parse until a schema validator is set; the maintained one leaks memory.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

function samlifyIdp(keys: { privateKeyPem: string; certificatePem: string }) {
  return samlify.IdentityProvider({
    entityID: IDP_ENTITY_ID,
    privateKey: keys.privateKeyPem,
    signingCert: keys.certificatePem,
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: IDP_SSO_URL }],
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${IDP_SSO_URL}/slo` }],
  });
}

describe('samlify as an independent IdP', () => {
  const h = suiteFixture(() => startSp());
  let metadata: string;
  before(async () => {
    // samlify stamps its Responses with the real time.
    h.clock.set(new Date());
    metadata = await (await h.get('/simplesaml/module.php/saml/sp/metadata.php/localhost')).text();
  });

  async function issue(keys: { privateKeyPem: string; certificatePem: string }, wantAssertionsSigned = false): Promise<string> {
    const sp = samlify.ServiceProvider({
      metadata: metadata.replace('WantAssertionsSigned="false"', `WantAssertionsSigned="${wantAssertionsSigned}"`),
    });
    const { context } = await samlifyIdp(keys).createLoginResponse(
      sp,
      { extract: {} } as Parameters<ReturnType<typeof samlifyIdp>['createLoginResponse']>[1],
      'post',
      { email: 'sam@example.test' },
    );
    return context;
  }

  it('accepts a Response samlify signs (message signature) and signs the user in by NameID', async () => {
    const { res, jar } = await h.postAcs(await issue(idpKeys()));
    expect(res.status).to.equal(303);
    expect(await sessionOf(h, jar)).to.include({ login: 'sam@example.test', signedInVia: 'sso' });
  });

  it('accepts a Response whose assertion samlify signs', async () => {
    const b64 = await issue(idpKeys(), true);
    expect(Buffer.from(b64, 'base64').toString()).to.match(/<saml:Assertion[^>]*>.*<ds:Signature/s);
    const { res } = await h.postAcs(b64);
    expect(res.status).to.equal(303);
  });

  it('rejects the same Response re-signed by another key', async () => {
    const original = Buffer.from(await issue(idpKeys()), 'base64').toString('utf8');
    const unsigned = original.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');
    const id = /<samlp:Response[^>]* ID="([^"]+)"/.exec(unsigned)?.[1];
    const signer = new SignedXml({
      privateKey: otherKeys().privateKeyPem,
      publicCert: otherKeys().certificatePem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    signer.addReference({
      xpath: `/*[@ID='${id}']`,
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    signer.computeSignature(unsigned, { prefix: 'ds', location: { reference: "/*/*[local-name(.)='Issuer']", action: 'after' } });
    const resigned = signer.getSignedXml();
    expect(resigned).to.include(certificateBody(otherKeys().certificatePem));
    await expectRejected(h, await h.postAcs(encodePost(resigned)), 'untrusted_certificate');
  });

  it('accepts the other key once its SHA-256 fingerprint is added for rotation', async () => {
    await h.sp.services.sso.updateSettings('localhost', {
      certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha1, fingerprints(otherKeys().certificatePem).sha256],
    });
    const { res } = await h.postAcs(await issue(otherKeys()));
    expect(res.status).to.equal(303);
  });
});
