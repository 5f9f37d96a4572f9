// The SP's encryption key (generated at first start, mode 0600), published in its metadata, decrypting
// EncryptedAssertions at the ACS (saml-core §2.3.4): GCM always, CBC only when allowed, one reason for every
// decryption failure, and "require encrypted assertions".

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningMaterial } from '@samlbridge/certs';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { afterEach, before, describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { sessionOf, startSp } from '../helpers/harness.js';

const METADATA = '/simplesaml/module.php/saml/sp/metadata.php/localhost';

describe('ACS: encrypted assertions', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startSp());
  let certificatePem: string;
  before(async () => {
    certificatePem = readFileSync(join(h.dir, 'sp-encryption.crt'), 'utf8');
  });
  afterEach(async () => {
    await h.sp.services.sso.updateSettings('default', { allowCbcEncryption: false, requireEncryptedAssertions: false });
  });

  const body = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

  it('keeps its encryption key in the data folder with mode 0600 and publishes the certificate as KeyDescriptor use="encryption"', async () => {
    expect(statSync(join(h.dir, 'sp-encryption.key')).mode & 0o777).to.equal(0o600);
    const metadata = await (await h.get(METADATA)).text();
    const descriptor = /<md:KeyDescriptor use="encryption">[\s\S]*?<\/md:KeyDescriptor>/.exec(metadata)?.[0] ?? '';
    expect(descriptor).to.include(body(certificatePem));
    expect(descriptor).to.include('Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"');
    expect(descriptor).to.include('Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"');
    expect(descriptor).not.to.include('aes256-cbc');
  });

  it('lists AES-CBC in its metadata only once CBC is allowed', async () => {
    await h.sp.services.sso.updateSettings('default', { allowCbcEncryption: true });
    expect(await (await h.get(METADATA)).text()).to.include('Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"');
  });

  for (const signing of ['both', 'assertion', 'response'] as const) {
    it(`signs in from an AES-256-GCM EncryptedAssertion (signing ${signing})`, async () => {
      const xml = h.responseXml({ signing, encryptAssertion: { certificatePem } });
      expect(xml).to.include('<saml:EncryptedAssertion');
      const { res, jar } = await h.postAcs(Buffer.from(xml).toString('base64'));
      expect(res.status).to.equal(303);
      expect(await sessionOf(h, jar)).to.include({ login: 'jdoe', signedInVia: 'sso' });
    });
  }

  it('refuses AES-CBC with decryption_failed unless the SSO settings allow it', async () => {
    const xml = () => h.responseXml({ encryptAssertion: { certificatePem, blockEncryption: 'aes256-cbc' } });
    await expectRejected(h, await h.postAcs(Buffer.from(xml()).toString('base64')), 'decryption_failed');
    await h.sp.services.sso.updateSettings('default', { allowCbcEncryption: true });
    expect((await h.postAcs(Buffer.from(xml()).toString('base64'))).res.status).to.equal(303);
  });

  it('answers a changed ciphertext, another key and a refused algorithm with the same page; the detail only reaches the audit log', async () => {
    const stranger = generateSigningMaterial({ commonName: 'another SP', usage: 'encryption' }).certificatePem;
    const good = h.responseXml({ signing: 'assertion', encryptAssertion: { certificatePem } });
    const tampered = good.replace(
      /(<\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>)(.)/,
      (_m, head, c) => `${head}${c === 'A' ? 'B' : 'A'}`,
    );
    const wrongKey = h.responseXml({ encryptAssertion: { certificatePem: stranger } });
    const cbc = h.responseXml({ encryptAssertion: { certificatePem, blockEncryption: 'aes128-cbc' } });
    const pages: string[] = [];
    for (const xml of [tampered, wrongKey, cbc]) {
      const r = await h.postAcs(Buffer.from(xml).toString('base64'));
      await expectRejected(h, r, 'decryption_failed');
      pages.push(r.body.replace(/<input[^>]*csrf[^>]*>|nonce="[^"]*"/g, ''));
    }
    expect(new Set(pages).size).to.equal(1);
    expect(pages[0]).not.to.match(/padding|oaep|gcm|cbc|key/i);
    const { events } = (await (await h.api('GET', '/api/admin/events?limit=3')).json()) as { events: { detail?: string }[] };
    expect(events.map((e) => e.detail ?? '').join('\n')).to.match(/not accepted|does not decrypt|aes/);
  });

  it('refuses an assertion in the clear with assertion_not_encrypted when encrypted assertions are required', async () => {
    await h.sp.services.sso.updateSettings('default', { requireEncryptedAssertions: true });
    await expectRejected(h, await h.postAcs(Buffer.from(h.responseXml()).toString('base64')), 'assertion_not_encrypted');
    const encrypted = h.responseXml({ encryptAssertion: { certificatePem } });
    expect((await h.postAcs(Buffer.from(encrypted).toString('base64'))).res.status).to.equal(303);
  });
});
