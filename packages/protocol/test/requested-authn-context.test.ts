// RequestedAuthnContext (saml-core §3.3.2.2.1) read from AuthnRequests, ours and node-saml's.
import { SAML } from '@node-saml/node-saml';
import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import { buildAuthnRequest, decodeRedirect, parseAuthnRequest, SamlError } from '../src/index.js';
import { ACS_URL, SP_ENTITY_ID } from './fixtures.js';

const SSO_URL = 'https://idp.example.test/saml2/talentlms';
const REFEDS_MFA = 'https://refeds.org/profile/mfa';
const PPT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

const request = (rac: string) =>
  buildAuthnRequest({
    id: '_r',
    issueInstant: new Date(),
    destination: SSO_URL,
    issuer: SP_ENTITY_ID,
    assertionConsumerServiceUrl: ACS_URL,
  }).replace('</samlp:AuthnRequest>', `${rac}</samlp:AuthnRequest>`);

describe('RequestedAuthnContext (saml-core §3.3.2.2.1)', () => {
  it('builds and parses back the comparison and the class references', () => {
    const xml = buildAuthnRequest({
      id: '_r1',
      issueInstant: new Date(),
      destination: SSO_URL,
      issuer: SP_ENTITY_ID,
      assertionConsumerServiceUrl: ACS_URL,
      requestedAuthnContext: { comparison: 'minimum', classRefs: [PPT, REFEDS_MFA], declRefs: [] },
    });
    expect(parseAuthnRequest(xml).requestedAuthnContext).to.deep.equal({
      comparison: 'minimum',
      classRefs: [PPT, REFEDS_MFA],
      declRefs: [],
    });
  });

  it('reads node-saml’s request for the REFEDS MFA profile with Comparison minimum', async () => {
    const saml = new SAML({
      entryPoint: SSO_URL,
      issuer: SP_ENTITY_ID,
      callbackUrl: ACS_URL,
      idpCert: 'unused',
      authnContext: [REFEDS_MFA],
      racComparison: 'minimum',
    });
    const url = new URL(await saml.getAuthorizeUrlAsync('', undefined, {}));
    const parsed = parseAuthnRequest(decodeRedirect(url.searchParams.get('SAMLRequest') ?? ''));
    expect(parsed.requestedAuthnContext).to.deep.equal({ comparison: 'minimum', classRefs: [REFEDS_MFA], declRefs: [] });
  });

  it('takes an absent Comparison as exact, and a request without the element has none', () => {
    const xml = request(
      `<samlp:RequestedAuthnContext xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:AuthnContextClassRef xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"> ${PPT} </saml:AuthnContextClassRef></samlp:RequestedAuthnContext>`,
    );
    expect(parseAuthnRequest(xml).requestedAuthnContext).to.deep.equal({ comparison: 'exact', classRefs: [PPT], declRefs: [] });
    expect(parseAuthnRequest(request('')).requestedAuthnContext).to.equal(undefined);
  });

  it('refuses an unknown Comparison and an element without references, without answering the SP', () => {
    for (const rac of [
      `<samlp:RequestedAuthnContext xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" Comparison="stronger"><saml:AuthnContextClassRef xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${PPT}</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>`,
      '<samlp:RequestedAuthnContext xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"></samlp:RequestedAuthnContext>',
    ]) {
      const err = thrownBy(() => parseAuthnRequest(request(rac)), SamlError);
      expect([err?.code, err?.canRespond]).to.deep.equal(['malformed_request', false]);
    }
  });
});
