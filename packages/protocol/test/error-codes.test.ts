// Every refusal protocol throws outside Response verification, one input per throw site: the code, HTTP status,
// error class, exposure and canRespond callers see (the IdP and SP map some codes to their own), and the typed list
// (PROTOCOL_ERRORS) they come from, code by code with its status.
import { deflateRawSync } from 'node:zlib';
import { generateSigningMaterial } from '@samlbridge/certs';
import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import {
  buildIdpMetadata,
  buildLogoutRequest,
  buildSpMetadata,
  createResponseSigner,
  decodePost,
  decodeRedirect,
  encodeRedirect,
  normalizeFingerprint,
  parseAuthnRequest,
  parseLogoutRequest,
  parseLogoutResponse,
  pemToDer,
  readIdpMetadata,
  readSoapMessage,
  readSpMetadata,
  SamlError,
  SOAP_ENVELOPE_NS,
  signRedirectQuery,
  soapEnvelope,
  verifyRedirectQuerySignature,
} from '../src/index.js';
import { signMetadata } from '../src/metadata-signature.js';
import { PROTOCOL_ERRORS } from '../src/protocol-errors.js';
import { assertXmlChars } from '../src/xml/escape.js';
import { parseXml } from '../src/xml/safe-parse.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, sampleResponseInput, signingMaterial } from './fixtures.js';

interface Seen {
  class: string;
  code: string;
  status: number;
  expose: boolean;
  canRespond?: boolean;
}

function seen(fn: () => unknown): Seen {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SamlbridgeError)) throw err;
    return {
      class: err instanceof SamlError ? 'SamlError' : 'SamlbridgeError',
      code: err.code,
      status: err.status,
      expose: err.expose,
      ...(err instanceof SamlError ? { canRespond: err.canRespond } : {}),
    };
  }
  return expect.fail('expected a refusal');
}

const saml = (code: string, status = 400): Seen => ({ class: 'SamlError', code, status, expose: true, canRespond: false });
const plain = (code: string, status = 400, expose = true): Seen => ({ class: 'SamlbridgeError', code, status, expose });

const other = () => generateSigningMaterial({ commonName: 'another key' });
const authnRequest = (extra = '') =>
  `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a" Version="2.0" IssueInstant="2026-12-03T10:00:00Z"><saml:Issuer>${SP_ENTITY_ID}</saml:Issuer>${extra}</samlp:AuthnRequest>`;
const spMetadata = (entityId: string, acs = true) => {
  const xml = buildSpMetadata({ entityId, assertionConsumerServiceUrl: ACS_URL, authnRequestsSigned: false, wantAssertionsSigned: true });
  return acs ? xml : xml.replace(/<md:AssertionConsumerService[^>]*\/>/g, '');
};
const soapTrust = () => ({ certificates: [signingMaterial().certificatePem], allowSha1: false });
const logoutRequest = (id: string) =>
  buildLogoutRequest({
    id,
    issueInstant: new Date(),
    issuer: IDP_ENTITY_ID,
    destination: ACS_URL,
    nameId: { value: 'ann' },
    sessionIndexes: [],
  });
const SHA1 = encodeURIComponent('http://www.w3.org/2000/09/xmldsig#rsa-sha1');

/** [what is refused, how it is provoked, what the caller sees]. */
const THROW_SITES: [string, () => unknown, Seen][] = [
  // XML parsing (xml/safe-parse.ts)
  ['a message that is not text', () => parseXml(42 as unknown as string), saml('malformed_xml')],
  ['a message over maxBytes', () => parseXml('<a/>', { maxBytes: 2 }), saml('message_too_large', 413)],
  ['a DTD', () => parseXml('<!DOCTYPE a><a/>'), saml('dtd_forbidden')],
  ['XML that is not well-formed', () => parseXml('<a><b></a>'), saml('malformed_xml')],
  ['a processing instruction', () => parseXml('<a><?pi x?></a>'), saml('processing_instruction_forbidden')],
  // Bindings (bindings.ts)
  ['an empty SAML parameter', () => decodePost(''), saml('bad_base64')],
  ['a SAML parameter that is not base64', () => decodePost('a*b='), saml('bad_base64')],
  ['a Redirect parameter over maxEncodedBytes', () => decodeRedirect('AAAA', { maxEncodedBytes: 2 }), saml('message_too_large', 413)],
  ['a Redirect parameter that is not DEFLATE', () => decodeRedirect('AAAA'), saml('inflate_failed')],
  [
    'a Redirect parameter that inflates past maxInflatedBytes',
    () => decodeRedirect(deflateRawSync(Buffer.alloc(4096, 'a')).toString('base64'), { maxInflatedBytes: 100 }),
    saml('message_too_large', 413),
  ],
  [
    'a POST message over maxBytes',
    () => decodePost(Buffer.from('<a/><a/>').toString('base64'), { maxBytes: 4 }),
    saml('message_too_large', 413),
  ],
  ['a message that is not UTF-8', () => decodePost(Buffer.from([0xff, 0xfe, 0x3c]).toString('base64')), saml('malformed_xml')],
  // AuthnRequest (authn-request.ts, requested-authn-context.ts)
  ['a root that is not an AuthnRequest', () => parseAuthnRequest('<a/>'), saml('malformed_request')],
  [
    'an unknown RequestedAuthnContext Comparison',
    () =>
      parseAuthnRequest(
        authnRequest(
          '<samlp:RequestedAuthnContext Comparison="most"><saml:AuthnContextClassRef>x</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>',
        ),
      ),
    saml('malformed_request'),
  ],
  ['an empty RequestedAuthnContext', () => parseAuthnRequest(authnRequest('<samlp:RequestedAuthnContext/>')), saml('malformed_request')],
  // Redirect query signatures (authn-request.ts)
  ['a query that is not URL encoding', () => verifyRedirectQuerySignature('%E0%A4%A=a', 'x'), saml('malformed_query')],
  ['a query repeating a parameter', () => verifyRedirectQuerySignature('SAMLRequest=a&SAMLRequest=b', 'x'), saml('malformed_query')],
  ['a Signature without SigAlg', () => verifyRedirectQuerySignature('SAMLRequest=a&Signature=b', 'x'), saml('signature_invalid')],
  [
    'an unknown SigAlg',
    () => verifyRedirectQuerySignature('SAMLRequest=a&SigAlg=x&Signature=b', 'x'),
    saml('signature_algorithm_unsupported'),
  ],
  [
    'RSA-SHA1 where it is not allowed',
    () => verifyRedirectQuerySignature(`SAMLRequest=a&SigAlg=${SHA1}&Signature=b`, 'x'),
    saml('signature_algorithm_forbidden'),
  ],
  [
    'a signed query with no message',
    () => verifyRedirectQuerySignature(`RelayState=a&SigAlg=${SHA1}&Signature=b`, 'x', { allowSha1: true }),
    saml('malformed_query'),
  ],
  [
    'a query signed with another key',
    () =>
      verifyRedirectQuerySignature(
        signRedirectQuery({ SAMLRequest: encodeRedirect('<a/>'), privateKeyPem: other().privateKeyPem }),
        signingMaterial().certificatePem,
      ),
    saml('signature_invalid'),
  ],
  // Single Logout (logout/*)
  ['a root that is not a LogoutRequest', () => parseLogoutRequest('<a/>'), saml('malformed_logout_request')],
  ['a root that is not a LogoutResponse', () => parseLogoutResponse('<a/>'), saml('malformed_logout_response')],
  ['a SOAP body that is not XML', () => readSoapMessage('not xml', soapTrust()), saml('not_soap')],
  ['a SOAP body that is not an Envelope', () => readSoapMessage(logoutRequest('_one'), soapTrust()), saml('not_soap')],
  [
    'a SOAP Envelope without a Body',
    () => readSoapMessage(`<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NS}"/>`, soapTrust()),
    saml('malformed_soap_message', 500),
  ],
  [
    'a SOAP Envelope with two messages',
    () => readSoapMessage(soapEnvelope(logoutRequest('_one') + logoutRequest('_two')), soapTrust()),
    saml('malformed_soap_message', 500),
  ],
  // Metadata (metadata-reader.ts, sp-metadata-reader.ts, metadata-signature.ts)
  ['IdP metadata that is not metadata', () => readIdpMetadata('<a/>'), saml('metadata_not_idp')],
  ['IdP metadata without an IDPSSODescriptor', () => readIdpMetadata(spMetadata(SP_ENTITY_ID)), saml('metadata_not_idp')],
  ['SP metadata that is not XML', () => readSpMetadata('not xml'), saml('metadata_unreadable')],
  ['SP metadata that is not metadata', () => readSpMetadata('<a/>'), saml('metadata_not_metadata')],
  [
    'SP metadata without the chosen entity',
    () => readSpMetadata(spMetadata(SP_ENTITY_ID), { entityId: 'other' }),
    saml('metadata_entity_not_found'),
  ],
  [
    'SP metadata with two service providers and no choice',
    () =>
      readSpMetadata(
        `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${[spMetadata('sp-a'), spMetadata('sp-b')].map((x) => x.replace(/^<\?xml[^>]*\?>\s*/, '')).join('')}</md:EntitiesDescriptor>`,
      ),
    saml('metadata_choose_entity'),
  ],
  [
    'IdP metadata given as SP metadata',
    () =>
      readSpMetadata(
        buildIdpMetadata({
          entityId: IDP_ENTITY_ID,
          certificatePem: signingMaterial().certificatePem,
          ssoRedirectUrl: 'https://idp/sso',
          ssoPostUrl: 'https://idp/sso',
          nameIdFormats: [],
        }),
      ),
    saml('metadata_not_sp'),
  ],
  ['SP metadata without an AssertionConsumerService', () => readSpMetadata(spMetadata(SP_ENTITY_ID, false)), saml('metadata_no_acs')],
  [
    'a metadata signing key that is not the certificate’s',
    () => signMetadata('<a/>', { privateKeyPem: other().privateKeyPem, certificatePem: signingMaterial().certificatePem }),
    plain('key_certificate_mismatch', 500, false),
  ],
  // Certificates and fingerprints (certificate.ts)
  ['a certificate that is neither PEM nor base64', () => pemToDer('not a certificate!'), plain('invalid_certificate')],
  ['a fingerprint with a non-hex digit', () => normalizeFingerprint('zz'), plain('invalid_fingerprint')],
  ['a fingerprint of the wrong length', () => normalizeFingerprint('ab:cd'), plain('invalid_fingerprint')],
  // Writing XML (xml/escape.ts) and Responses (response-builder.ts)
  ['a field that is not a string', () => assertXmlChars(1 as unknown as string, 'issuer'), plain('invalid_xml_char')],
  ['a character XML cannot carry', () => assertXmlChars('a\u0001', 'issuer'), plain('invalid_xml_char')],
  [
    'a Response signing key that is not the certificate’s',
    () => createResponseSigner({ privateKeyPem: other().privateKeyPem, certificatePem: signingMaterial().certificatePem }),
    plain('key_certificate_mismatch', 500, false),
  ],
  [
    'an unknown signature algorithm',
    () => createResponseSigner(signingMaterial()).issue({ ...sampleResponseInput(), signatureAlgorithm: 'md5' as 'rsa-sha256' }),
    plain('invalid_algorithm'),
  ],
  [
    'an unknown signing mode',
    () => createResponseSigner(signingMaterial()).issue(sampleResponseInput({ signing: 'none' as 'both' })),
    plain('invalid_signing_mode'),
  ],
  [
    'a Response ID that is not an xs:ID',
    () => createResponseSigner(signingMaterial()).issue(sampleResponseInput({ responseId: '1abc' })),
    plain('invalid_id'),
  ],
  [
    'an IssueInstant that is not a date',
    () => createResponseSigner(signingMaterial()).issue({ ...sampleResponseInput(), issueInstant: new Date(Number.NaN) }),
    plain('invalid_date'),
  ],
  [
    'a Success Response without an assertion',
    () => createResponseSigner(signingMaterial()).issue({ ...sampleResponseInput(), assertion: undefined }),
    plain('missing_assertion'),
  ],
];

describe('protocol error codes', () => {
  for (const [what, provoke, expected] of THROW_SITES) {
    it(`refuses ${what} with ${expected.code} (${expected.status})`, () => {
      expect(seen(provoke)).to.deep.equal(expected);
    });
  }

  it('lists every code protocol throws outside Response verification, each with the status callers see', () => {
    const listed = Object.fromEntries(Object.entries(PROTOCOL_ERRORS).map(([code, spec]) => [code, spec.status]));
    const thrown = Object.fromEntries(THROW_SITES.map(([, , s]) => [s.code, s.status]));
    expect(listed).to.deep.equal(thrown);
  });
});
