// The SAML SOAP binding (saml-bindings §3.2): a signed LogoutRequest read from a SOAP 1.1 envelope only through its
// verified bytes; faults read; malformed envelopes, must-understand headers and signature-wrapping decoys refused.
import { generateSigningMaterial } from '@samlbridge/certs';
import { expect } from 'chai';
import {
  buildLogoutRequest,
  buildSignedLogoutRequest,
  parseLogoutRequest,
  readSoapMessage,
  SOAP_ENVELOPE_NS,
  soapEnvelope,
  soapFault,
} from '../src/index.js';
import { signingMaterial } from './fixtures.js';

const input = {
  id: '_req1',
  issueInstant: new Date('2026-12-03T10:00:00Z'),
  issuer: 'https://idp.example',
  destination: 'https://sp.example/slo/soap',
  nameId: { value: 'ann', spNameQualifier: 'https://sp.example' },
  sessionIndexes: ['_s1'],
};
const trust = () => ({ certificates: [signingMaterial().certificatePem], allowSha1: false });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return expect.fail('expected an error');
};

describe('SAML SOAP binding (saml-bindings §3.2)', () => {
  it('reads a signed LogoutRequest from the envelope, verified in place, and hands back only the signed bytes', () => {
    const read = readSoapMessage(soapEnvelope(buildSignedLogoutRequest(input, signingMaterial())), trust());
    expect(read).to.deep.include({ kind: 'message', localName: 'LogoutRequest', signed: true, id: '_req1' });
    if (read.kind !== 'message' || !read.signedXml) return expect.fail('no verified bytes');
    const request = parseLogoutRequest(read.signedXml);
    expect(request.nameId).to.deep.equal(input.nameId);
    expect(request.sessionIndexes).to.deep.equal(['_s1']);
  });

  it('says why a signature by another key does not verify, without verified bytes; an unsigned message is unsigned', () => {
    const other = generateSigningMaterial({ commonName: 'other' });
    const forged = readSoapMessage(soapEnvelope(buildSignedLogoutRequest(input, other)), trust());
    expect(forged).to.include({ kind: 'message', signed: true });
    expect(forged).to.have.property('signatureError').that.is.a('string');
    expect(forged).to.not.have.property('signedXml');
    expect(readSoapMessage(soapEnvelope(buildLogoutRequest(input)), trust())).to.deep.equal({
      kind: 'message',
      localName: 'LogoutRequest',
      signed: false,
      id: '_req1',
    });
  });

  it('refuses an envelope where another element carries the signed ID (a wrapping decoy in the Header)', () => {
    const signed = buildSignedLogoutRequest(input, signingMaterial());
    const decoy = `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NS}"><SOAP-ENV:Header><x:Decoy xmlns:x="urn:x" ID="_req1"/></SOAP-ENV:Header><SOAP-ENV:Body>${signed}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    expect(codeOf(() => readSoapMessage(decoy, trust()))).to.equal('unexpected_signature');
  });

  it('refuses a must-understand header, two messages in the Body, and a body that is not a SOAP envelope', () => {
    const message = buildSignedLogoutRequest(input, signingMaterial());
    const header = `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NS}"><SOAP-ENV:Header><x:T xmlns:x="urn:x" SOAP-ENV:mustUnderstand="1"/></SOAP-ENV:Header><SOAP-ENV:Body>${message}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    expect(codeOf(() => readSoapMessage(header, trust()))).to.equal('malformed_soap_message');
    expect(codeOf(() => readSoapMessage(soapEnvelope(message + buildLogoutRequest({ ...input, id: '_r2' })), trust()))).to.equal(
      'malformed_soap_message',
    );
    expect(codeOf(() => readSoapMessage(message, trust()))).to.equal('not_soap');
    expect(codeOf(() => readSoapMessage('not xml', trust()))).to.equal('not_soap');
  });

  it('reads a SOAP Fault (faultcode, faultstring) and escapes the text it writes into one', () => {
    expect(readSoapMessage(soapFault('Client', 'a < b & c'), trust())).to.deep.equal({
      kind: 'fault',
      faultCode: 'SOAP-ENV:Client',
      faultString: 'a < b & c',
    });
  });
});
