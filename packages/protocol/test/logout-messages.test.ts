import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAML } from '@node-saml/node-saml';
import { generateSigningMaterial } from '@samlbridge/certs';
import { SAML_ID_ELEMENTS, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  buildSignedLogoutRequest,
  buildSignedLogoutResponse,
  decodeRedirect,
  encodePost,
  encodeRedirect,
  NAMEID_FORMAT,
  parseLogoutRequest,
  parseLogoutResponse,
  signRedirectQuery,
  statusName,
  verifyLogoutSignature,
  XmlSignatureError,
} from '../src/index.js';
import { IDP_ENTITY_ID, SP_ENTITY_ID, signingMaterial } from './fixtures.js';

const SP_SLO = 'https://acme.talentlms.test/simplesaml/module.php/saml/sp/saml2-logout.php/acme.talentlms.test';
const IDP_SLO = 'https://idp.example.test/saml2/talentlms/slo';
const now = new Date('2026-12-03T10:00:00Z');

function request(id = '_lr1') {
  return {
    id,
    issueInstant: now,
    issuer: IDP_ENTITY_ID,
    destination: SP_SLO,
    notOnOrAfter: new Date(now.getTime() + 300_000),
    nameId: { value: 'jane & co', format: NAMEID_FORMAT.persistent, spNameQualifier: SP_ENTITY_ID, nameQualifier: IDP_ENTITY_ID },
    sessionIndexes: ['_s1'],
  };
}

describe('LogoutRequest and LogoutResponse (saml-core §3.7)', () => {
  it('reads back every field of a LogoutRequest it wrote, NameID exactly as sent', () => {
    const parsed = parseLogoutRequest(buildLogoutRequest(request()));
    expect(parsed).to.deep.include({ id: '_lr1', issuer: IDP_ENTITY_ID, destination: SP_SLO, sessionIndexes: ['_s1'] });
    expect(parsed.nameId).to.deep.equal(request().nameId);
    expect(parsed.notOnOrAfter?.toISOString()).to.equal('2026-12-03T10:05:00.000Z');
    expect(parsed.hasEmbeddedSignature).to.equal(false);
  });

  it('refuses a LogoutRequest without a NameID', () => {
    const xml = buildLogoutRequest(request()).replace(/<saml:NameID[\s\S]*<\/saml:NameID>/, '');
    expect(() => parseLogoutRequest(xml)).to.throw(/exactly one saml:NameID/);
  });

  it('writes a Responder / PartialLogout LogoutResponse and reads its nested status', () => {
    const xml = buildLogoutResponse({
      id: '_resp',
      inResponseTo: '_lr1',
      issueInstant: now,
      issuer: IDP_ENTITY_ID,
      destination: SP_SLO,
      status: { code: 'Responder', subCode: 'PartialLogout', message: 'one application did not confirm' },
    });
    const parsed = parseLogoutResponse(xml);
    expect(parsed.success).to.equal(false);
    expect(statusName(parsed.status.code)).to.equal('Responder');
    expect(statusName(parsed.status.subCode)).to.equal('PartialLogout');
    expect(parsed.inResponseTo).to.equal('_lr1');
  });

  it('verifies its own enveloped signature on a POST LogoutRequest and refuses a tampered NameID', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const xml = buildSignedLogoutRequest(request(), { privateKeyPem, certificatePem });
    const ok = verifyLogoutSignature({ binding: 'post', xml, certificates: [certificatePem], allowSha1: false });
    expect(ok.signed).to.equal(true);
    const tampered = xml.replace('jane &amp; co', 'admin');
    expect(() => verifyLogoutSignature({ binding: 'post', xml: tampered, certificates: [certificatePem], allowSha1: false })).to.throw(
      XmlSignatureError,
    );
  });

  it('refuses a POST LogoutRequest signed by another key', () => {
    const other = generateSigningMaterial({ commonName: 'other' });
    const xml = buildSignedLogoutRequest(request(), other);
    const { certificatePem } = signingMaterial();
    expect(() => verifyLogoutSignature({ binding: 'post', xml, certificates: [certificatePem], allowSha1: false })).to.throw(
      /does not verify/,
    );
  });

  it('verifies a Redirect-binding LogoutResponse signed over the query', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const xml = buildLogoutResponse({
      id: '_r',
      issueInstant: now,
      issuer: SP_ENTITY_ID,
      destination: IDP_SLO,
      status: { code: 'Success' },
    });
    const query = signRedirectQuery({ SAMLResponse: encodeRedirect(xml), RelayState: 'x', privateKeyPem });
    expect(
      verifyLogoutSignature({ binding: 'redirect', xml, rawQuery: query, certificates: [certificatePem], allowSha1: false }).signed,
    ).to.equal(true);
    const unsigned = `SAMLResponse=${encodeURIComponent(encodeRedirect(xml))}`;
    expect(
      verifyLogoutSignature({ binding: 'redirect', xml, rawQuery: unsigned, certificates: [certificatePem], allowSha1: false }).signed,
    ).to.equal(false);
  });

  it('signs a LogoutRequest that xmlsec1 verifies', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const dir = mkdtempSync(join(tmpdir(), 'slo-xmlsec-'));
    writeFileSync(join(dir, 'cert.pem'), certificatePem);
    writeFileSync(join(dir, 'req.xml'), buildSignedLogoutRequest(request(), { privateKeyPem, certificatePem }));
    expect(xmlsecVerify(join(dir, 'req.xml'), join(dir, 'cert.pem'), [SAML_ID_ELEMENTS.logoutRequest])).to.match(/^OK$/m);
  });

  describe('with node-saml as the SP peer', () => {
    const sp = generateSigningMaterial({ commonName: 'node-saml sp' });
    const saml = () =>
      new SAML({
        callbackUrl: 'https://sp.example/acs',
        entryPoint: 'https://idp.example.test/saml2/talentlms',
        logoutUrl: IDP_SLO,
        issuer: SP_ENTITY_ID,
        idpCert: signingMaterial().certificatePem,
        privateKey: sp.privateKeyPem,
        signatureAlgorithm: 'sha256',
        audience: SP_ENTITY_ID,
        wantAuthnResponseSigned: false,
        validateInResponseTo: 'never' as never,
      });

    it('node-saml accepts our signed POST LogoutRequest and reads NameID and SessionIndex', async () => {
      const { privateKeyPem, certificatePem } = signingMaterial();
      const xml = buildSignedLogoutRequest(
        { ...request(), issueInstant: new Date(), notOnOrAfter: new Date(Date.now() + 300_000) },
        {
          privateKeyPem,
          certificatePem,
        },
      );
      const { profile, loggedOut } = await saml().validatePostRequestAsync({ SAMLRequest: encodePost(xml) });
      expect(loggedOut).to.equal(true);
      expect(profile?.nameID).to.equal('jane & co');
      expect(profile?.sessionIndex).to.equal('_s1');
    });

    it("we verify node-saml's signed Redirect LogoutRequest with its certificate", async () => {
      const url = await saml().getLogoutUrlAsync(
        { issuer: IDP_ENTITY_ID, nameID: 'jane', nameIDFormat: NAMEID_FORMAT.unspecified, sessionIndex: '_s9' },
        'relay',
        {},
      );
      const rawQuery = url.slice(url.indexOf('?') + 1);
      const param = new URLSearchParams(rawQuery).get('SAMLRequest') ?? '';
      const xml = decodeRedirect(param);
      const parsed = parseLogoutRequest(xml);
      expect(parsed.nameId.value).to.equal('jane');
      expect(parsed.sessionIndexes).to.deep.equal(['_s9']);
      expect(
        verifyLogoutSignature({ binding: 'redirect', xml, rawQuery, certificates: [sp.certificatePem], allowSha1: false }).signed,
      ).to.equal(true);
    });

    it('node-saml accepts our signed Redirect LogoutResponse to its request', async () => {
      const { privateKeyPem, certificatePem } = signingMaterial();
      const xml = buildLogoutResponse({
        id: '_resp2',
        inResponseTo: '_req2',
        issueInstant: new Date(),
        issuer: IDP_ENTITY_ID,
        destination: 'https://sp.example/slo',
        status: { code: 'Success' },
      });
      const query = signRedirectQuery({ SAMLResponse: encodeRedirect(xml), RelayState: 'r', privateKeyPem });
      const container = Object.fromEntries(new URLSearchParams(query));
      const result = await saml().validateRedirectAsync(container, query);
      expect(result.loggedOut).to.equal(true);
      void certificatePem;
    });

    it('node-saml accepts our signed POST LogoutResponse', async () => {
      const { privateKeyPem, certificatePem } = signingMaterial();
      const xml = buildSignedLogoutResponse(
        {
          id: '_resp3',
          inResponseTo: '_req3',
          issueInstant: new Date(),
          issuer: IDP_ENTITY_ID,
          destination: 'https://sp.example/slo',
          status: { code: 'Success' },
        },
        { privateKeyPem, certificatePem },
      );
      const result = await saml().validatePostResponseAsync({ SAMLResponse: encodePost(xml) });
      expect(result.loggedOut).to.equal(true);
    });
  });
});
