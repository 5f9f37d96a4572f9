// Signed AuthnRequests per application: Redirect over the raw query, POST reading only signed bytes.

import { generateSigningMaterial } from '@samlbridge/certs';
import { ALGORITHMS, encodePost, encodeRedirect, signRedirectQuery } from '@samlbridge/protocol';
import { signWithXmlCrypto, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Client } from '../../helpers/client.js';
import { SP_ENTITY_ID, signInThroughForm, startIdp } from '../../helpers/harness.js';
import { authnRequest, redirectQuery } from '../../helpers/saml.js';

const sp = generateSigningMaterial({ commonName: 'sp-signing' });
const attacker = generateSigningMaterial({ commonName: 'attacker' });

const signPost = (xml: string, keys = sp, algorithm: string = ALGORITHMS.rsaSha256) =>
  signWithXmlCrypto(xml, "/*[local-name(.)='AuthnRequest']", keys, algorithm);

describe('IdP: signed AuthnRequests (per application)', () => {
  const h = suiteFixture(() => startIdp());
  let client: Client;
  let sso: string;
  let appId: string;
  const request = () => authnRequest({ destination: sso, issuer: SP_ENTITY_ID });

  before(async () => {
    sso = `${h.url}/saml2/talentlms`;
    const app = await h.idp.services.directory.findApplicationByName('talentlms');
    appId = (app as { id: string }).id;
    client = h.client();
    await signInThroughForm(client, '/login?next=/userconsole/');
  });

  const configure = (requireSignedRequests: boolean, allowSha1 = false, spCertificatePem = sp.certificatePem) =>
    h.idp.store.requestSigning.put(appId, { requireSignedRequests, spCertificatePem, allowSha1 }, new Date());

  async function expectRefused(res: Response, code: string) {
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).to.equal(403);
    expect(body).to.contain(code);
    expect(body).not.to.contain('SAMLResponse');
  }
  const expectAnswered = async (res: Response) => {
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).to.equal(200);
    expect(body).to.contain('name="SAMLResponse"');
  };

  it('accepts unsigned requests while the setting is off (the default)', async () => {
    await expectAnswered(await client.get(`/saml2/talentlms?${redirectQuery(request().xml)}`));
  });

  it('refuses an unsigned Redirect request when signed requests are required', async () => {
    await configure(true);
    await expectRefused(await client.get(`/saml2/talentlms?${redirectQuery(request().xml)}`), 'request_signature_required');
  });

  it('accepts a Redirect request signed over the raw query octets, RelayState included', async () => {
    await configure(true);
    const q = signRedirectQuery({ SAMLRequest: encodeRedirect(request().xml), RelayState: 'course/1', privateKeyPem: sp.privateKeyPem });
    await expectAnswered(await client.get(`/saml2/talentlms?${q}`));
  });

  it('refuses a Redirect request whose RelayState was changed after signing', async () => {
    await configure(true);
    const q = signRedirectQuery({ SAMLRequest: encodeRedirect(request().xml), RelayState: 'course/1', privateKeyPem: sp.privateKeyPem });
    await expectRefused(
      await client.get(`/saml2/talentlms?${q.replace('RelayState=course%2F1', 'RelayState=course%2F2')}`),
      'request_signature_invalid',
    );
  });

  it('refuses a Redirect request signed by another key', async () => {
    await configure(true);
    const q = signRedirectQuery({ SAMLRequest: encodeRedirect(request().xml), privateKeyPem: attacker.privateKeyPem });
    await expectRefused(await client.get(`/saml2/talentlms?${q}`), 'request_signature_invalid');
  });

  it('refuses RSA-SHA1 unless the application allows it', async () => {
    await configure(true, false);
    const q = () =>
      signRedirectQuery({ SAMLRequest: encodeRedirect(request().xml), privateKeyPem: sp.privateKeyPem, algorithm: 'rsa-sha1' });
    await expectRefused(await client.get(`/saml2/talentlms?${q()}`), 'request_signature_algorithm_forbidden');
    await configure(true, true);
    await expectAnswered(await client.get(`/saml2/talentlms?${q()}`));
  });

  it('accepts a POST request with a valid enveloped signature', async () => {
    await configure(true);
    await expectAnswered(await client.post('/saml2/talentlms', { SAMLRequest: encodePost(signPost(request().xml)) }));
  });

  it('refuses an unsigned POST request when required', async () => {
    await configure(true);
    await expectRefused(await client.post('/saml2/talentlms', { SAMLRequest: encodePost(request().xml) }), 'request_signature_required');
  });

  it('refuses a POST request changed after signing (digest)', async () => {
    await configure(true);
    const signed = signPost(request().xml)
      .replace('ForceAuthn="false"', 'ForceAuthn="true"')
      .replace('<samlp:AuthnRequest ', '<samlp:AuthnRequest ForceAuthn="true" ');
    await expectRefused(await client.post('/saml2/talentlms', { SAMLRequest: encodePost(signed) }), 'request_signature_invalid');
  });

  it('refuses a wrapped POST request (a signed request hidden inside an unsigned one)', async () => {
    await configure(true);
    const inner = signPost(request().xml);
    const outer = request().xml.replace('</samlp:AuthnRequest>', `<samlp:Extensions>${inner}</samlp:Extensions></samlp:AuthnRequest>`);
    await expectRefused(await client.post('/saml2/talentlms', { SAMLRequest: encodePost(outer) }), 'request_signature_invalid');
  });

  it('refuses a POST request signed with SHA-1 unless allowed', async () => {
    await configure(true, false);
    const signed = signPost(request().xml, sp, ALGORITHMS.rsaSha1);
    await expectRefused(
      await client.post('/saml2/talentlms', { SAMLRequest: encodePost(signed) }),
      'request_signature_algorithm_forbidden',
    );
  });

  // xmldsig §4 shape, checked by the verifier shared with the SP (@samlbridge/protocol xml-signature).
  async function expectMalformed(edit: (signedXml: string) => string, what: string) {
    await configure(true);
    const res = await client.post('/saml2/talentlms', { SAMLRequest: encodePost(edit(signPost(request().xml))) });
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).to.equal(403);
    expect(body).to.contain('request_signature_invalid');
    expect(body).to.contain('not built the way XML signatures must be');
    expect(body).to.contain(what);
    expect(body).not.to.contain('SAMLResponse');
  }

  it('refuses a POST request with a comment inside DigestValue (CVE-2025-29775)', async () => {
    await expectMalformed((x) => x.replace(/<ds:DigestValue>([^<]{4})/, '<ds:DigestValue>$1<!--x-->'), 'DigestValue');
  });

  it('refuses a POST request whose Signature carries a ds:Object', async () => {
    await expectMalformed(
      (x) => x.replace('</ds:SignatureValue>', '</ds:SignatureValue><ds:Object><samlp:Extensions/></ds:Object>'),
      'Signature children',
    );
  });

  it('refuses a POST request whose Signature has two SignedInfo elements (CVE-2025-29774)', async () => {
    await expectMalformed((x) => {
      const info = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(x)?.[0] ?? '';
      expect(info).not.to.equal('');
      return x.replace(info, info + info);
    }, 'SignedInfo');
  });

  it('refuses a POST request signed by another key', async () => {
    await configure(true);
    await expectRefused(
      await client.post('/saml2/talentlms', { SAMLRequest: encodePost(signPost(request().xml, attacker)) }),
      'request_signature_invalid',
    );
  });
});
