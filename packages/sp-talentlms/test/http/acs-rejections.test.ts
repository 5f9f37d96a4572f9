import { encodePost, NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { resign } from '../attacks/generator/resign.js';
import { expectRejected } from '../helpers/expect-rejected.js';
import { ACS_URL, startSp } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

const ASSERTION = /<saml:Assertion[\s\S]*<\/saml:Assertion>/;
const SIGNATURE = /<ds:Signature[\s\S]*?<\/ds:Signature>/;

describe('ACS: every rejection has a reason, a 403 page, no session and an audit event', () => {
  const h = suiteFixture(() => startSp());

  it('rejects a SAMLResponse that is not base64 (malformed_response)', async () => {
    await expectRejected(h, await h.postAcs('%%% not base64 %%%'), 'malformed_response');
  });

  it('rejects base64 that is not XML (malformed_response)', async () => {
    await expectRejected(h, await h.postAcs(Buffer.from('hello <world').toString('base64')), 'malformed_response');
  });

  it('rejects a document whose root is not samlp:Response (malformed_response)', async () => {
    await expectRejected(
      h,
      await h.postAcs(encodePost(`<samlp:AuthnRequest xmlns:samlp="${NS.protocol}" ID="_a" Version="2.0"/>`)),
      'malformed_response',
    );
  });

  it('rejects a message with a DTD (dtd_forbidden)', async () => {
    const xml = `<!DOCTYPE r [<!ENTITY x "y">]>${h.responseXml()}`;
    await expectRejected(h, await h.postAcs(encodePost(xml)), 'dtd_forbidden');
  });

  it('rejects a validly signed Response whose NameID holds a processing instruction (processing_instruction_forbidden)', async () => {
    // Signed by the trusted key over the NameID "ad<?x y?>min": the signature verifies, the message is refused anyway.
    const xml = resign(
      h.responseXml({ signing: 'assertion' }).replace(/>jdoe<\/saml:NameID>/, '>ad<?x y?>min</saml:NameID>'),
      'assertion',
      idpKeys(),
    );
    expect(xml).to.contain('ad<?x y?>min');
    await expectRejected(h, await h.postAcs(xml), 'processing_instruction_forbidden');
  });

  it('rejects a message over 256 KiB with 413 (message_too_large)', async () => {
    const xml = h.responseXml().replace('</samlp:Response>', `<!--${'x'.repeat(300 * 1024)}--></samlp:Response>`);
    await expectRejected(h, await h.postAcs(encodePost(xml)), 'message_too_large', 413);
  });

  it('rejects a Response with two assertions (multiple_assertions)', async () => {
    const xml = h.responseXml({ signing: 'assertion' });
    const assertion = ASSERTION.exec(xml)?.[0] ?? '';
    await expectRejected(
      h,
      await h.postAcs(xml.replace(assertion, assertion + assertion.replace(/ID="[^"]+"/, 'ID="_copy"'))),
      'multiple_assertions',
    );
  });

  it('rejects a signature-wrapped Response that hides the signed assertion in Extensions (multiple_assertions)', async () => {
    const xml = h.responseXml({ signing: 'assertion' });
    const signed = ASSERTION.exec(xml)?.[0] ?? '';
    const evil = signed
      .replace(SIGNATURE, '')
      .replace(/ID="[^"]+"/, 'ID="_evil"')
      .replaceAll('jdoe', 'admin');
    const wrapped = xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${evil}`);
    await expectRejected(h, await h.postAcs(wrapped), 'multiple_assertions');
  });

  it('rejects a success Response without an assertion (no_assertion)', async () => {
    const xml = h.responseXml({ signing: 'response' }).replace(ASSERTION, '');
    await expectRejected(h, await h.postAcs(xml), 'no_assertion');
  });

  it('rejects an EncryptedAssertion without a CipherData and key (encrypted_assertion_malformed)', async () => {
    const xml = h
      .responseXml({ signing: 'response' })
      .replace(
        ASSERTION,
        `<saml:EncryptedAssertion xmlns:saml="${NS.assertion}"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAssertion>`,
      );
    await expectRejected(h, await h.postAcs(xml), 'encrypted_assertion_malformed');
  });

  it('rejects a Response with no signature at all (signature_missing)', async () => {
    const xml = h.responseXml({ signing: 'assertion' }).replace(SIGNATURE, '');
    expect(xml).not.to.include('ds:Signature');
    await expectRejected(h, await h.postAcs(xml), 'signature_missing');
  });

  it('refuses a signature whose Reference points at another element (unexpected_signature)', async () => {
    const xml = h.responseXml({ signing: 'response' });
    const id = /<samlp:Response[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
    await expectRejected(h, await h.postAcs(xml.replace(`URI="#${id}"`, 'URI="#_elsewhere"')), 'unexpected_signature');
  });

  it('rejects a signature made with a key whose certificate is not trusted (untrusted_certificate)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({}, 'other')), 'untrusted_certificate');
  });

  it('rejects a trusted certificate in KeyInfo over a signature made by another key (signature_invalid)', async () => {
    const other = h.responseXml({ signing: 'assertion' }, 'other');
    const trustedCert = /<ds:X509Certificate>([^<]+)</.exec(h.responseXml())?.[1] ?? '';
    const forged = other.replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${trustedCert}<`);
    await expectRejected(h, await h.postAcs(forged), 'signature_invalid');
  });

  it('rejects rsa-sha1 while SHA-1 is not allowed (signature_algorithm_forbidden)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({ signatureAlgorithm: 'rsa-sha1' })), 'signature_algorithm_forbidden');
  });

  it('rejects an HMAC SignatureMethod (signature_algorithm_forbidden)', async () => {
    const xml = h
      .responseXml({ signing: 'assertion' })
      .replace('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1');
    await expectRejected(h, await h.postAcs(xml), 'signature_algorithm_forbidden');
  });

  it('rejects an assertion changed after signing (signature_invalid)', async () => {
    const xml = h.responseXml({ signing: 'assertion' }).replace('jane.doe@example.test', 'mallory@example.test');
    await expectRejected(h, await h.postAcs(xml), 'signature_invalid');
  });

  it('rejects a Response-signed message whose NameID was changed (signature_invalid)', async () => {
    const xml = h.responseXml({ signing: 'response' }).replace('>jdoe</saml:NameID>', '>admin</saml:NameID>');
    await expectRejected(h, await h.postAcs(xml), 'signature_invalid');
  });

  it('rejects a failed Status (status_not_success)', async () => {
    const xml = h.responseXml({ status: { code: 'Responder', subCode: 'RequestDenied' }, assertion: null, signing: 'response' });
    await expectRejected(h, await h.postAcs(xml), 'status_not_success');
  });

  it('rejects a Response from another IdP entity ID (issuer_mismatch)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({ issuer: 'https://other-idp.example/' })), 'issuer_mismatch');
  });

  it('rejects a Response addressed to another ACS (destination_mismatch)', async () => {
    const xml = h.responseXml({ signing: 'assertion' }).replace(`Destination="${ACS_URL}"`, 'Destination="https://other-sp.example/acs"');
    await expectRejected(h, await h.postAcs(xml), 'destination_mismatch');
  });

  it('rejects an assertion whose Recipient is another ACS (recipient_mismatch)', async () => {
    const other = 'https://other-sp.example/acs';
    const xml = h.responseXml({ signing: 'assertion', destination: other }).replace(`Destination="${other}"`, `Destination="${ACS_URL}"`);
    await expectRejected(h, await h.postAcs(xml), 'recipient_mismatch');
  });

  it('rejects a Response whose Audience is another SP (audience_mismatch)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({ assertion: { audience: 'https://other-sp.example' } })), 'audience_mismatch');
  });

  it('rejects an assertion that is not valid yet beyond the clock skew (not_yet_valid)', async () => {
    const now = h.clock.now().getTime();
    const xml = h.responseXml({ assertion: { notBefore: new Date(now + 10 * 60_000), notOnOrAfter: new Date(now + 20 * 60_000) } });
    await expectRejected(h, await h.postAcs(xml), 'not_yet_valid');
  });

  it('accepts NotBefore within the clock skew', async () => {
    const now = h.clock.now().getTime();
    const { res } = await h.postAcs(h.responseXml({ assertion: { notBefore: new Date(now + 120_000) } }));
    expect(res.status).to.equal(303);
  });

  it('rejects an expired assertion (expired)', async () => {
    const xml = h.responseXml();
    h.clock.advance(5 * 60_000 + 180_000);
    try {
      await expectRejected(h, await h.postAcs(xml), 'expired');
    } finally {
      h.clock.advance(-(5 * 60_000 + 180_000));
    }
  });

  it('rejects an InResponseTo this SP never sent (unknown_in_response_to)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({ inResponseTo: '_never_sent' })), 'unknown_in_response_to');
  });

  it('rejects a replayed assertion (replayed_assertion)', async () => {
    const xml = h.responseXml();
    expect((await h.postAcs(xml)).res.status).to.equal(303);
    await expectRejected(h, await h.postAcs(xml), 'replayed_assertion');
  });

  it('rejects an assertion without TargetedID or NameID (missing_targeted_id)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({ assertion: { nameId: '', attributes: [] } })), 'missing_targeted_id');
  });

  it('rejects a deactivated LMS user (user_inactive)', async () => {
    const xml = h.responseXml({ assertion: { nameId: 'leaver', attributes: [] } });
    expect((await h.postAcs(xml)).res.status).to.equal(303);
    await h.sp.services.users.setActive('default', 'leaver', false);
    await expectRejected(h, await h.postAcs(h.responseXml({ assertion: { nameId: 'leaver', attributes: [] } })), 'user_inactive');
  });

  it('rejects a Response-only signature when requireSignedAssertion is on (assertion_signature_required)', async () => {
    await h.sp.services.sso.updateSettings('default', { requireSignedAssertion: true });
    try {
      await expectRejected(h, await h.postAcs(h.responseXml({ signing: 'response' })), 'assertion_signature_required');
      expect((await h.postAcs(h.responseXml({ signing: 'assertion' }))).res.status).to.equal(303);
    } finally {
      await h.sp.services.sso.updateSettings('default', { requireSignedAssertion: false });
    }
  });

  it('rejects an unsolicited Response when allowUnsolicited is off (unsolicited_not_allowed)', async () => {
    await h.sp.services.sso.updateSettings('default', { allowUnsolicited: false });
    try {
      await expectRejected(h, await h.postAcs(h.responseXml()), 'unsolicited_not_allowed');
    } finally {
      await h.sp.services.sso.updateSettings('default', { allowUnsolicited: true });
    }
  });

  it('accepts rsa-sha1 once allowSha1 is on', async () => {
    await h.sp.services.sso.updateSettings('default', { allowSha1: true });
    try {
      expect((await h.postAcs(h.responseXml({ signatureAlgorithm: 'rsa-sha1' }))).res.status).to.equal(303);
    } finally {
      await h.sp.services.sso.updateSettings('default', { allowSha1: false });
    }
  });
});

describe('ACS without SSO settings', () => {
  const h = suiteFixture(() => startSp({ settings: false }));

  it('rejects every Response while SSO is not configured (sso_not_configured)', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml()), 'sso_not_configured');
  });
});
