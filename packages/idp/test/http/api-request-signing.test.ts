// Signed AuthnRequests are switched on per application through the API.

import { generateSigningMaterial } from '@samlbridge/certs';
import { encodeRedirect, signRedirectQuery } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient, problems } from '../helpers/api.js';
import type { Client } from '../helpers/client.js';
import { SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { authnRequest, redirectQuery } from '../helpers/saml.js';

const sp = generateSigningMaterial({ commonName: 'sp-request-signing' });

describe('admin API: require signed AuthnRequests', () => {
  const h = suiteFixture(() => startIdp());
  const api = apiClient(h);
  let user: Client;
  let id: string;
  before(async () => {
    id = (await h.idp.services.directory.findApplicationByName('talentlms'))?.id ?? '';
    user = h.client();
    await signInThroughForm(user, '/login?next=/userconsole/');
  });

  const request = () => authnRequest({ destination: `${h.url}/saml2/talentlms`, issuer: SP_ENTITY_ID }).xml;

  it('returns the settings, off by default, with the application', async () => {
    const res = await api('GET', `/applications/${id}`);
    expect(res.body).to.include({ requireSignedRequests: false, spCertificatePem: '', allowSha1: false });
  });

  it('refuses to require signed requests without an SP certificate', async () => {
    const res = await api('PATCH', `/applications/${id}`, { requireSignedRequests: true });
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal([
      'spCertificatePem: is required to require signed requests: paste the certificate the service provider signs its requests with',
    ]);
  });

  it('refuses an SP certificate that is not PEM, or not a readable X.509 certificate', async () => {
    const text = await api('PATCH', `/applications/${id}`, { spCertificatePem: 'not a certificate' });
    expect(problems(text)).to.deep.equal([
      'spCertificatePem: must be one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
    ]);
    const broken = await api('PATCH', `/applications/${id}`, {
      spCertificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
    });
    expect(problems(broken)).to.deep.equal(['spCertificatePem: certificate 1 is not a readable X.509 certificate']);
  });

  it('refuses the settings on a bookmark application', async () => {
    const bookmark = (await api('POST', '/applications', { catalog: 'bookmark', displayLabel: 'Docs', bookmarkUrl: 'https://docs.test/' }))
      .body;
    const res = await api('PATCH', `/applications/${bookmark.id}`, { requireSignedRequests: false, allowSha1: true });
    expect(problems(res)).to.deep.equal([
      'allowSha1: does not apply to a bookmark application',
      'requireSignedRequests: does not apply to a bookmark application',
    ]);
  });

  it('once enabled, refuses an unsigned AuthnRequest at /saml2/:app and accepts a signed one', async () => {
    expect((await user.get(`/saml2/talentlms?${redirectQuery(request())}`)).status).to.equal(200);
    const res = await api('PATCH', `/applications/${id}`, { requireSignedRequests: true, spCertificatePem: sp.certificatePem });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ requireSignedRequests: true, spCertificatePem: sp.certificatePem.trim(), allowSha1: false });
    expect((await api('GET', `/applications/${id}`)).body.requireSignedRequests).to.equal(true);
    const unsigned = await user.get(`/saml2/talentlms?${redirectQuery(request())}`);
    expect(unsigned.status).to.equal(403);
    expect(await unsigned.text()).to.contain('request_signature_required');
    const q = signRedirectQuery({ SAMLRequest: encodeRedirect(request()), privateKeyPem: sp.privateKeyPem });
    const signed = await user.get(`/saml2/talentlms?${q}`);
    expect(signed.status).to.equal(200);
    expect(await signed.text()).to.contain('name="SAMLResponse"');
  });

  it('switches it off again while keeping the certificate', async () => {
    const on = await api('PATCH', `/applications/${id}`, { requireSignedRequests: true, spCertificatePem: sp.certificatePem });
    expect(on.body).to.include({ requireSignedRequests: true });
    expect((await user.get(`/saml2/talentlms?${redirectQuery(request())}`)).status).to.equal(403);
    const res = await api('PATCH', `/applications/${id}`, { requireSignedRequests: false });
    expect(res.body).to.include({ requireSignedRequests: false, spCertificatePem: sp.certificatePem.trim() });
    expect((await user.get(`/saml2/talentlms?${redirectQuery(request())}`)).status).to.equal(200);
  });
});
