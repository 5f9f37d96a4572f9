// Back-channel Single Logout at the SP (SAML SOAP binding, saml-bindings §3.2; saml-profiles §4.4.4.2): a signed
// SOAP LogoutRequest from the trusted IdP ends the LMS session of its SessionIndex and is answered with a signed
// LogoutResponse in a SOAP envelope; unsigned, forged, replayed and expired requests are answered Requester /
// RequestDenied and end nothing; an envelope without a LogoutRequest is a SOAP Fault (HTTP 500), a body that is not
// SOAP at all is HTTP 400.

import {
  buildLogoutRequest,
  buildSignedLogoutRequest,
  type LogoutRequestInput,
  newSamlId,
  parseLogoutResponse,
  readSoapMessage,
  soapEnvelope,
  statusName,
} from '@samlbridge/protocol';
import type { CookieJar } from '@samlbridge/test-support';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { spSigningKey } from '../../src/http/single-logout.js';
import { BASE_URL, IDP_ENTITY_ID, startSp } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';

const SOAP_PATH = '/simplesaml/module.php/saml/sp/saml2-logout.php/localhost/soap';
const SOAP_URL = `${BASE_URL}${SOAP_PATH}`;

describe('SP: back-channel (SOAP) Single Logout', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startSp(), { each: true });

  /** An LMS session started by an assertion with this SessionIndex. */
  async function signedIn(sessionIndex: string): Promise<CookieJar> {
    const { jar } = await h.postAcs(h.responseXml({ assertion: { sessionIndex } }));
    expect((await h.get('/api/session', jar)).status).to.equal(200);
    return jar;
  }

  function request(sessionIndex: string, o: Partial<LogoutRequestInput> = {}): LogoutRequestInput {
    const now = h.clock.now();
    return {
      id: newSamlId(),
      issueInstant: now,
      issuer: IDP_ENTITY_ID,
      destination: SOAP_URL,
      nameId: { value: 'jdoe' },
      sessionIndexes: [sessionIndex],
      notOnOrAfter: new Date(now.getTime() + 60_000),
      ...o,
    };
  }

  async function send(body: string, contentType = 'text/xml; charset=utf-8') {
    const res = await fetch(`${h.url}${SOAP_PATH}`, {
      method: 'POST',
      headers: { 'content-type': contentType, soapaction: 'http://www.oasis-open.org/committees/security' },
      body,
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  /** The SP's answer, read only after its signature verified with the SP's own certificate. */
  async function answer(body: string) {
    const key = await spSigningKey({ config: h.sp.config });
    const read = readSoapMessage(body, { certificates: [key.certificatePem], allowSha1: false });
    if (read.kind !== 'message' || !read.signedXml) throw new Error('the SP answer is not a signed SAML message');
    return parseLogoutResponse(read.signedXml);
  }

  it('ends the LMS session of the SessionIndex and answers a signed Success LogoutResponse in a SOAP envelope', async () => {
    const jar = await signedIn('_s1');
    const input = request('_s1');
    const res = await send(soapEnvelope(buildSignedLogoutRequest(input, idpKeys())));
    expect(res.status).to.equal(200);
    expect(res.type).to.match(/^text\/xml/);
    const response = await answer(res.body);
    expect(response.inResponseTo).to.equal(input.id);
    expect(statusName(response.status.code)).to.equal('Success');
    expect(response.issuer).to.equal('localhost');
    expect((await h.get('/api/session', jar)).status).to.equal(401);
  });

  it('refuses an unsigned LogoutRequest with Requester / RequestDenied and keeps the session', async () => {
    const jar = await signedIn('_s2');
    const input = request('_s2');
    const response = await answer((await send(soapEnvelope(buildLogoutRequest(input)))).body);
    expect(response.inResponseTo).to.equal(input.id);
    expect([statusName(response.status.code), statusName(response.status.subCode)]).to.deep.equal(['Requester', 'RequestDenied']);
    expect(response.status.message).to.contain('not signed');
    expect((await h.get('/api/session', jar)).status).to.equal(200);
  });

  it('refuses a LogoutRequest signed with a key the SP does not trust and keeps the session', async () => {
    const jar = await signedIn('_s3');
    const sent = await send(soapEnvelope(buildSignedLogoutRequest(request('_s3'), otherKeys())));
    const response = await answer(sent.body);
    expect(statusName(response.status.subCode)).to.equal('RequestDenied');
    expect(response.status.message).to.contain('signature does not verify');
    expect((await h.get('/api/session', jar)).status).to.equal(200);
  });

  it('refuses a replayed LogoutRequest (its ID is accepted once)', async () => {
    await signedIn('_s4');
    const envelope = soapEnvelope(buildSignedLogoutRequest(request('_s4'), idpKeys()));
    expect(statusName((await answer((await send(envelope)).body)).status.code)).to.equal('Success');
    const again = await answer((await send(envelope)).body);
    expect(statusName(again.status.subCode)).to.equal('RequestDenied');
    expect(again.status.message).to.contain('already used');
  });

  it('refuses an expired LogoutRequest, one from another issuer and one addressed elsewhere, ending nothing', async () => {
    const jar = await signedIn('_s5');
    const past = new Date(h.clock.now().getTime() - (h.sp.config.clockSkewSeconds + 1) * 1000);
    for (const [o, why] of [
      [{ notOnOrAfter: past }, 'expired'],
      [{ issuer: 'https://other-idp.example' }, 'another identity provider'],
      [{ destination: `${BASE_URL}/elsewhere` }, 'another URL'],
    ] as const) {
      const response = await answer((await send(soapEnvelope(buildSignedLogoutRequest(request('_s5', o), idpKeys())))).body);
      expect(statusName(response.status.subCode), why).to.equal('RequestDenied');
      expect(response.status.message).to.contain(why);
    }
    expect((await h.get('/api/session', jar)).status).to.equal(200);
  });

  it('answers a SOAP Fault (HTTP 500) for an envelope without a LogoutRequest, and HTTP 400 for a body that is not SOAP', async () => {
    const fault = await send(soapEnvelope('<nothing xmlns="urn:example"/>'));
    expect(fault.status).to.equal(500);
    const read = readSoapMessage(fault.body, { certificates: [], allowSha1: false });
    expect(read).to.deep.include({ kind: 'fault', faultCode: 'SOAP-ENV:Client' });
    const notSoap = await send('SAMLRequest=abc', 'application/x-www-form-urlencoded');
    expect(notSoap.status).to.equal(400);
    expect(notSoap.body).to.contain('Expected a SOAP 1.1 envelope');
    const otherXml = await send('<a/>');
    expect(otherXml.status).to.equal(400);
  });

  it('lists the SOAP endpoint in its SP metadata', async () => {
    const metadata = await (await h.get('/simplesaml/module.php/saml/sp/metadata.php/localhost')).text();
    expect(metadata).to.contain(`<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="${SOAP_URL}"/>`);
  });
});
