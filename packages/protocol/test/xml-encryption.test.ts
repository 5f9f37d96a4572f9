// xmlenc-core1 on Node's crypto, checked against Debian's xmlsec1 (both directions) and openssl as independent peers.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { generateSigningMaterial } from '@samlbridge/certs';
import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import {
  type BlockEncryption,
  decryptParts,
  ENCRYPTION_ALGORITHMS,
  encryptElement,
  readEncryptedParts,
  XmlEncryptionError,
} from '../src/xml/encryption.js';
import { parseXml } from '../src/xml/safe-parse.js';
import { spEncryptionMaterial } from './fixtures.js';
import { keyFilesFixture } from './key-files.js';

const run = promisify(execFile);
const ALL: readonly BlockEncryption[] = ['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc'];
const PLAINTEXT = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1">héllo &amp; “quotes”</saml:Assertion>';

function parts(encryptedDataXml: string) {
  return readEncryptedParts(parseXml(encryptedDataXml).documentElement as never, [], 256 * 1024);
}

/** What `fn` throws as a XmlEncryptionError (its problem), or undefined when it throws nothing. */
const problemOf = (fn: () => unknown) => thrownBy(fn, XmlEncryptionError)?.problem;

describe('xml/encryption (xmlenc-core1)', function () {
  this.timeout(20_000);
  const files = keyFilesFixture('xmlenc-', {
    'sp.key': () => spEncryptionMaterial().privateKeyPem,
    'sp.crt': () => spEncryptionMaterial().certificatePem,
  });

  for (const block of ALL) {
    it(`writes ${block} + rsa-oaep-mgf1p that xmlsec1 decrypts to the same element`, async () => {
      const file = files.file(`${block}.xml`);
      await writeFile(file, encryptElement(PLAINTEXT, { certificatePem: spEncryptionMaterial().certificatePem, blockEncryption: block }));
      const { stdout } = await run('xmlsec1', ['--decrypt', '--privkey-pem', files.file('sp.key'), file]);
      const out = parseXml(stdout).documentElement;
      expect(out?.localName).to.equal('Assertion');
      expect(out?.textContent).to.equal('héllo & “quotes”');
    });
  }

  for (const block of ['aes256-gcm', 'aes128-cbc'] as const) {
    it(`reads and decrypts an EncryptedData xmlsec1 wrote with ${block}`, async () => {
      const template = files.file(`tmpl-${block}.xml`);
      const data = files.file(`data-${block}.xml`);
      await writeFile(data, PLAINTEXT);
      await writeFile(
        template,
        `<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">
  <xenc:EncryptionMethod Algorithm="${ENCRYPTION_ALGORITHMS[block]}"/>
  <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
    <xenc:EncryptedKey>
      <xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
      <xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
    </xenc:EncryptedKey>
  </ds:KeyInfo>
  <xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
</xenc:EncryptedData>`,
      );
      const sessionKey = block.startsWith('aes256') ? 'aes-256' : 'aes-128';
      const { stdout } = await run('xmlsec1', [
        '--encrypt',
        '--pubkey-cert-pem',
        files.file('sp.crt'),
        '--session-key',
        sessionKey,
        '--xml-data',
        data,
        template,
      ]);
      const plaintext = decryptParts(parts(stdout), {
        privateKeysPem: [spEncryptionMaterial().privateKeyPem],
        allowedBlockEncryptions: [block],
      });
      expect(parseXml(plaintext).documentElement?.textContent).to.equal('héllo & “quotes”');
    });
  }

  it('wraps the content key with xmlenc 1.1 rsa-oaep (SHA-256, MGF1-SHA-256) that openssl unwraps', async () => {
    const xml = encryptElement(PLAINTEXT, { certificatePem: spEncryptionMaterial().certificatePem, keyTransport: 'rsa-oaep-sha256' });
    expect(xml).to.include('http://www.w3.org/2009/xmlenc11#mgf1sha256');
    const p = parts(xml);
    const wrapped = files.file('wrapped.bin');
    await writeFile(wrapped, Buffer.from(p.keyCipher, 'base64'));
    const { stdout } = await run(
      'openssl',
      [
        'pkeyutl',
        '-decrypt',
        '-inkey',
        files.file('sp.key'),
        '-in',
        wrapped,
        '-pkeyopt',
        'rsa_padding_mode:oaep',
        '-pkeyopt',
        'rsa_oaep_md:sha256',
        '-pkeyopt',
        'rsa_mgf1_md:sha256',
      ],
      { encoding: 'buffer' },
    );
    expect(stdout.length).to.equal(32);
    const plaintext = decryptParts(p, { privateKeysPem: [spEncryptionMaterial().privateKeyPem], allowedBlockEncryptions: ['aes256-gcm'] });
    expect(plaintext).to.equal(PLAINTEXT);
  });

  describe('every cryptographic failure is the one problem "failed"', () => {
    const policy = () => ({ privateKeysPem: [spEncryptionMaterial().privateKeyPem], allowedBlockEncryptions: ALL });
    const encrypted = (block: BlockEncryption = 'aes256-gcm') =>
      parts(encryptElement(PLAINTEXT, { certificatePem: spEncryptionMaterial().certificatePem, blockEncryption: block }));
    const flip = (b64: string, at: number, mask = 0x01) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[at] = (bytes[at] as number) ^ mask;
      return bytes.toString('base64');
    };

    it('a changed GCM ciphertext', () => {
      const p = encrypted();
      expect(problemOf(() => decryptParts({ ...p, dataCipher: flip(p.dataCipher, 20) }, policy()))).to.equal('failed');
    });

    it('a changed CBC block that breaks the padding octet', () => {
      const p = encrypted('aes128-cbc');
      const len = Buffer.from(p.dataCipher, 'base64').length;
      // The last octet of the previous block flips the padding-length octet beyond 16.
      expect(problemOf(() => decryptParts({ ...p, dataCipher: flip(p.dataCipher, len - 17, 0x40) }, policy()))).to.equal('failed');
    });

    it('a content key wrapped for another key pair', async () => {
      const other = generateSigningMaterial({ commonName: 'someone else' });
      const p = parts(encryptElement(PLAINTEXT, { certificatePem: other.certificatePem }));
      expect(problemOf(() => decryptParts(p, policy()))).to.equal('failed');
    });

    it('a block encryption the policy does not allow (CBC when only GCM is)', () => {
      const p = encrypted('aes256-cbc');
      expect(
        problemOf(() =>
          decryptParts(p, { privateKeysPem: policy().privateKeysPem, allowedBlockEncryptions: ['aes256-gcm', 'aes128-gcm'] }),
        ),
      ).to.equal('failed');
    });

    it('RSA PKCS#1 v1.5 key transport', () => {
      const p = encrypted();
      expect(problemOf(() => decryptParts({ ...p, keyAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5' }, policy()))).to.equal(
        'failed',
      );
    });

    it('decrypts with the second of two keys (a rotation)', () => {
      const other = generateSigningMaterial({ commonName: 'old key' });
      const p = encrypted();
      expect(decryptParts(p, { ...policy(), privateKeysPem: [other.privateKeyPem, spEncryptionMaterial().privateKeyPem] })).to.equal(
        PLAINTEXT,
      );
    });
  });

  describe('limits, before any cryptography', () => {
    const xml = () => encryptElement(PLAINTEXT, { certificatePem: spEncryptionMaterial().certificatePem });
    const keyOf = (x: string) => /<xenc:EncryptedKey>[\s\S]*<\/xenc:EncryptedKey>/.exec(x)?.[0] as string;

    it('refuses two EncryptedKey elements', () => {
      const x = xml();
      expect(problemOf(() => parts(x.replace('</ds:KeyInfo>', `${keyOf(x)}</ds:KeyInfo>`)))).to.equal('shape');
    });

    it('refuses a RetrievalMethod that points outside the message', () => {
      const x = xml().replace(
        '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
        '<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:RetrievalMethod URI="https://attacker.example/key.xml"/>',
      );
      expect(problemOf(() => parts(x))).to.equal('shape');
    });

    it('refuses a CipherReference', () => {
      const x = xml().replace(
        /<xenc:CipherData><xenc:CipherValue>[^<]*<\/xenc:CipherValue><\/xenc:CipherData><\/xenc:EncryptedData>$/,
        '<xenc:CipherData><xenc:CipherReference URI="https://attacker.example/c"/></xenc:CipherData></xenc:EncryptedData>',
      );
      expect(problemOf(() => parts(x))).to.equal('shape');
    });

    it('refuses a CipherValue over the bound', () => {
      const x = xml();
      expect(problemOf(() => readEncryptedParts(parseXml(x).documentElement as never, [], 64))).to.equal('too_large');
    });

    it('accepts an EncryptedKey beside the EncryptedData named by a same-document RetrievalMethod', () => {
      const x = xml();
      const detached = keyOf(x).replace(
        '<xenc:EncryptedKey>',
        '<xenc:EncryptedKey xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Id="_k1">',
      );
      const data = x.replace(keyOf(x), '<ds:RetrievalMethod Type="http://www.w3.org/2001/04/xmlenc#EncryptedKey" URI="#_k1"/>');
      const doc = parseXml(
        `<w>${data}${detached.replace(/<ds:DigestMethod/, '<ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#"')}</w>`,
      );
      const [ed, ek] = [doc.documentElement?.firstChild, doc.documentElement?.lastChild];
      const p = readEncryptedParts(ed as never, [ek as never], 256 * 1024);
      expect(decryptParts(p, { privateKeysPem: [spEncryptionMaterial().privateKeyPem], allowedBlockEncryptions: ['aes256-gcm'] })).to.equal(
        PLAINTEXT,
      );
    });
  });
});
