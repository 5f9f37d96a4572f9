import { certificateBody, NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { startIdp } from '../helpers/harness.js';
import { parse } from '../helpers/saml.js';

describe('IdP metadata and certificate download', () => {
  const h = suiteFixture(() => startIdp());

  it('serves an EntityDescriptor with the signing certificate and both SSO bindings', async () => {
    const res = await fetch(`${h.url}/saml2/talentlms/metadata`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('application/samlmetadata+xml');
    const doc = parse(await res.text());
    const entity = doc.documentElement;
    expect(entity?.namespaceURI).to.equal(NS.metadata);
    expect(entity?.localName).to.equal('EntityDescriptor');
    expect(entity?.getAttribute('entityID')).to.equal(`${h.url}/saml2/talentlms`);
    const idp = doc.getElementsByTagNameNS(NS.metadata, 'IDPSSODescriptor')[0];
    expect(idp?.getAttribute('protocolSupportEnumeration')).to.equal(NS.protocol);
    const sso = Array.from(doc.getElementsByTagNameNS(NS.metadata, 'SingleSignOnService')).map((e) => [
      e.getAttribute('Binding'),
      e.getAttribute('Location'),
    ]);
    expect(sso).to.deep.equal([
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', `${h.url}/saml2/talentlms`],
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', `${h.url}/saml2/talentlms`],
    ]);
    const cert = doc.getElementsByTagNameNS(NS.ds, 'X509Certificate')[0]?.textContent;
    expect(cert).to.equal(certificateBody(h.idp.signing.certificatePem));
  });

  it('uses an explicit IdP entity ID when the application has one', async () => {
    await h.idp.services.directory.createApplication({
      name: 'custom-entity',
      spEntityId: 'custom.test',
      acsUrls: ['http://custom.test/acs'],
      idpEntityId: 'JumpCloud',
    });
    const doc = parse(await (await fetch(`${h.url}/saml2/custom-entity/metadata`)).text());
    expect(doc.documentElement?.getAttribute('entityID')).to.equal('JumpCloud');
  });

  it('offers certificate.pem as a download', async () => {
    const res = await fetch(`${h.url}/saml2/talentlms/certificate.pem`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="certificate.pem"');
    expect(await res.text()).to.equal(h.idp.signing.certificatePem);
  });

  it('answers 404 for the metadata or certificate of an unknown application', async () => {
    expect((await fetch(`${h.url}/saml2/nope/metadata`)).status).to.equal(404);
    expect((await fetch(`${h.url}/saml2/nope/certificate.pem`)).status).to.equal(404);
  });
});
