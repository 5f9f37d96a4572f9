import { expect } from 'chai';
import { buildIdpMetadata, buildSpMetadata, certificateBody, createResponseSigner, NAMEID_FORMAT, NS } from '../src/index.js';
import { parseXml } from '../src/xml/safe-parse.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, sampleResponseInput, signingMaterial } from './fixtures.js';
import { xsdErrors } from './xsd.js';

describe('metadata (saml-metadata §2.3–2.4)', function () {
  this.timeout(30_000);

  it('builds IdP metadata valid against saml-schema-metadata-2.0.xsd, with the signing certificate and both SSO bindings', async () => {
    const { certificatePem } = signingMaterial();
    const xml = buildIdpMetadata({
      entityId: `${IDP_ENTITY_ID}?a=1&b=2`,
      certificatePem,
      ssoRedirectUrl: IDP_ENTITY_ID,
      ssoPostUrl: IDP_ENTITY_ID,
      sloUrl: `${IDP_ENTITY_ID}/slo`,
      nameIdFormats: [NAMEID_FORMAT.emailAddress, NAMEID_FORMAT.persistent],
      wantAuthnRequestsSigned: true,
    });
    expect(await xsdErrors(xml, 'saml-schema-metadata-2.0.xsd')).to.deep.equal([]);
    const root = parseXml(xml).documentElement;
    if (!root) throw new Error('no root');
    expect(root.getAttribute('entityID')).to.equal(`${IDP_ENTITY_ID}?a=1&b=2`);
    const idp = root.getElementsByTagNameNS(NS.metadata, 'IDPSSODescriptor')[0];
    expect(idp?.getAttribute('WantAuthnRequestsSigned')).to.equal('true');
    expect(root.getElementsByTagNameNS(NS.ds, 'X509Certificate')[0]?.textContent).to.equal(certificateBody(certificatePem));
    const sso = Array.from(root.getElementsByTagNameNS(NS.metadata, 'SingleSignOnService')).map((e) => e.getAttribute('Binding'));
    expect(sso).to.deep.equal(['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST']);
  });

  /** IdP metadata with only what it must have: entity ID, certificate, the two SSO endpoints, no NameIDFormat. */
  const minimalIdpMetadata = () =>
    buildIdpMetadata({
      entityId: IDP_ENTITY_ID,
      certificatePem: signingMaterial().certificatePem,
      ssoRedirectUrl: IDP_ENTITY_ID,
      ssoPostUrl: IDP_ENTITY_ID,
      nameIdFormats: [],
    });

  it('the XSD check is not vacuous: NameIDFormat after SingleSignOnService is reported', async () => {
    const xml = minimalIdpMetadata().replace(
      '</md:IDPSSODescriptor>',
      `<md:NameIDFormat>${NAMEID_FORMAT.transient}</md:NameIDFormat></md:IDPSSODescriptor>`,
    );
    expect(await xsdErrors(xml, 'saml-schema-metadata-2.0.xsd')).to.have.length.above(0);
  });

  it('builds minimal IdP metadata that is valid too', async () => {
    const xml = minimalIdpMetadata();
    expect(await xsdErrors(xml, 'saml-schema-metadata-2.0.xsd')).to.deep.equal([]);
  });

  it('builds SP metadata valid against the XSD, with a default indexed ACS', async () => {
    for (const certificatePem of [undefined, signingMaterial().certificatePem]) {
      const xml = buildSpMetadata({
        entityId: SP_ENTITY_ID,
        assertionConsumerServiceUrl: ACS_URL,
        authnRequestsSigned: false,
        wantAssertionsSigned: true,
        nameIdFormat: NAMEID_FORMAT.emailAddress,
        ...(certificatePem ? { certificatePem } : {}),
      });
      expect(await xsdErrors(xml, 'saml-schema-metadata-2.0.xsd')).to.deep.equal([]);
      const acs = parseXml(xml).getElementsByTagNameNS(NS.metadata, 'AssertionConsumerService')[0];
      expect([acs?.getAttribute('index'), acs?.getAttribute('isDefault'), acs?.getAttribute('Location')]).to.deep.equal([
        '0',
        'true',
        ACS_URL,
      ]);
    }
  });

  it('lists the SP SingleLogoutService for HTTP-Redirect, HTTP-POST and SOAP before NameIDFormat, valid against the XSD', async () => {
    const xml = buildSpMetadata({
      entityId: SP_ENTITY_ID,
      assertionConsumerServiceUrl: ACS_URL,
      authnRequestsSigned: false,
      wantAssertionsSigned: true,
      nameIdFormat: NAMEID_FORMAT.unspecified,
      certificatePem: signingMaterial().certificatePem,
      singleLogoutServiceUrl: 'https://sp.example.test/slo?a=1&b=2',
      singleLogoutSoapUrl: 'https://sp.example.test/slo/soap',
    });
    expect(await xsdErrors(xml, 'saml-schema-metadata-2.0.xsd')).to.deep.equal([]);
    const slo = [...parseXml(xml).getElementsByTagNameNS(NS.metadata, 'SingleLogoutService')];
    expect(slo.map((e) => [e.getAttribute('Binding'), e.getAttribute('Location')])).to.deep.equal([
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'https://sp.example.test/slo?a=1&b=2'],
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'https://sp.example.test/slo?a=1&b=2'],
      ['urn:oasis:names:tc:SAML:2.0:bindings:SOAP', 'https://sp.example.test/slo/soap'],
    ]);
  });

  it('issues Responses valid against saml-schema-protocol-2.0.xsd in every signing mode', async () => {
    const signer = createResponseSigner(signingMaterial());
    for (const signing of ['both', 'assertion', 'response'] as const) {
      expect(
        await xsdErrors(signer.issue(sampleResponseInput({ signing, inResponseTo: '_r' })), 'saml-schema-protocol-2.0.xsd'),
      ).to.deep.equal([]);
    }
    const { assertion: _drop, ...failed } = sampleResponseInput();
    const denied = signer.issue({ ...failed, status: { code: 'Responder', subCode: 'RequestDenied', message: 'no' } });
    expect(await xsdErrors(denied, 'saml-schema-protocol-2.0.xsd')).to.deep.equal([]);
  });
});
