import { SAML } from '@node-saml/node-saml';
import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import * as samlify from 'samlify';
import { BINDING, buildAuthnRequest, buildIdpMetadata, decodeRedirect, NAMEID_FORMAT, parseAuthnRequest, SamlError } from '../src/index.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, signingMaterial } from './fixtures.js';

samlify.setSchemaValidator({ validate: async () => 'skipped' }); // see response-peers.test.ts

const SSO_URL = 'https://idp.example.test/saml2/talentlms';

function codeOf(fn: () => unknown): [string | undefined, boolean | undefined] {
  const err = thrownBy(fn, SamlError);
  return [err?.code, err?.canRespond];
}

describe('AuthnRequest (saml-core §3.4.1)', () => {
  it('builds a request that parses back to the same values', () => {
    const issueInstant = new Date('2025-05-06T07:08:09Z');
    const xml = buildAuthnRequest({
      id: '_req1',
      issueInstant,
      destination: SSO_URL,
      issuer: SP_ENTITY_ID,
      assertionConsumerServiceUrl: `${ACS_URL}?a=1&b=2`,
      protocolBinding: BINDING.post,
      forceAuthn: true,
      nameIdFormat: NAMEID_FORMAT.emailAddress,
    });
    expect(parseAuthnRequest(xml)).to.deep.equal({
      id: '_req1',
      version: '2.0',
      issueInstant,
      issuer: SP_ENTITY_ID,
      destination: SSO_URL,
      assertionConsumerServiceUrl: `${ACS_URL}?a=1&b=2`,
      assertionConsumerServiceIndex: undefined,
      protocolBinding: BINDING.post,
      forceAuthn: true,
      isPassive: false,
      nameIdPolicyFormat: NAMEID_FORMAT.emailAddress,
      nameIdPolicy: { format: NAMEID_FORMAT.emailAddress, spNameQualifier: undefined, allowCreate: true },
      hasEmbeddedSignature: false,
    });
  });

  it('reads NameIDPolicy Format, SPNameQualifier and AllowCreate (absent AllowCreate stays undefined)', () => {
    const base = { id: '_p', issueInstant: new Date(), destination: SSO_URL, issuer: SP_ENTITY_ID, assertionConsumerServiceUrl: ACS_URL };
    const full = parseAuthnRequest(
      buildAuthnRequest({ ...base, nameIdFormat: NAMEID_FORMAT.persistent, allowCreate: false, spNameQualifier: 'aff.test' }),
    );
    expect(full.nameIdPolicy).to.deep.equal({ format: NAMEID_FORMAT.persistent, spNameQualifier: 'aff.test', allowCreate: false });
    const bare = parseAuthnRequest(buildAuthnRequest({ ...base, nameIdFormat: NAMEID_FORMAT.transient, allowCreate: null }));
    expect(bare.nameIdPolicy).to.deep.equal({ format: NAMEID_FORMAT.transient, spNameQualifier: undefined, allowCreate: undefined });
    expect(parseAuthnRequest(buildAuthnRequest(base)).nameIdPolicy).to.equal(undefined);
  });

  it("parses node-saml's redirect AuthnRequest", async () => {
    const saml = new SAML({ callbackUrl: ACS_URL, entryPoint: SSO_URL, issuer: SP_ENTITY_ID, idpCert: signingMaterial().certificatePem });
    const url = new URL(await saml.getAuthorizeUrlAsync('relay', undefined, {}));
    const req = parseAuthnRequest(decodeRedirect(url.searchParams.get('SAMLRequest') ?? ''));
    expect(req.issuer).to.equal(SP_ENTITY_ID);
    expect(req.assertionConsumerServiceUrl).to.equal(ACS_URL);
    expect(req.destination).to.equal(SSO_URL);
    expect(req.id).to.match(/^_/);
  });

  it("parses samlify's redirect AuthnRequest", () => {
    const idp = samlify.IdentityProvider({
      metadata: buildIdpMetadata({
        entityId: IDP_ENTITY_ID,
        certificatePem: signingMaterial().certificatePem,
        ssoRedirectUrl: SSO_URL,
        ssoPostUrl: SSO_URL,
        nameIdFormats: [NAMEID_FORMAT.emailAddress],
      }),
    });
    const sp = samlify.ServiceProvider({
      entityID: SP_ENTITY_ID,
      assertionConsumerService: [{ Binding: BINDING.post, Location: ACS_URL }],
    });
    const { id, context } = sp.createLoginRequest(idp, 'redirect') as { id: string; context: string };
    const url = new URL(context);
    expect(`${url.origin}${url.pathname}`).to.equal(SSO_URL);
    const req = parseAuthnRequest(decodeRedirect(url.searchParams.get('SAMLRequest') ?? ''));
    expect(req.id).to.equal(id);
    expect(req.issuer).to.equal(SP_ENTITY_ID);
    expect(req.assertionConsumerServiceUrl).to.equal(ACS_URL);
  });

  it('reports an embedded signature', () => {
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">sp</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></samlp:AuthnRequest>`;
    expect(parseAuthnRequest(xml).hasEmbeddedSignature).to.equal(true);
  });

  for (const [label, xml] of [
    [
      'another root element',
      '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"/>',
    ],
    ['the right name in the wrong namespace', '<AuthnRequest ID="_a" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"/>'],
    [
      'Version 1.1',
      '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="1.1" IssueInstant="2025-01-01T00:00:00Z"/>',
    ],
    ['no ID', '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"/>'],
    [
      'a bad IssueInstant',
      '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0" IssueInstant="yesterday"/>',
    ],
  ]) {
    it(`refuses ${label} with malformed_request and canRespond false`, () => {
      expect(codeOf(() => parseAuthnRequest(xml as string))).to.deep.equal(['malformed_request', false]);
    });
  }

  it('refuses a request carrying a DTD with dtd_forbidden', () => {
    expect(codeOf(() => parseAuthnRequest('<!DOCTYPE x><samlp:AuthnRequest/>'))[0]).to.equal('dtd_forbidden');
  });
});
