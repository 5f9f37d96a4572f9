// EncryptedAssertion end to end in the protocol package: the builder signs, then encrypts (saml-core §6.2); our
// verifier decrypts and applies every check; node-saml, samlify and xmlsec1 decrypt what the builder wrote, and a
// python3-cryptography script (test/peers/xmlenc11_decrypt.py) the xmlenc 1.1 rsa-oaep key transport xmlsec1 lacks.

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SAML } from '@node-saml/node-saml';
import { generateSigningMaterial } from '@samlbridge/certs';
import { SAML_ID_ELEMENTS, thrownBy, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import * as samlify from 'samlify';
import {
  type AssertionEncryption,
  BINDING,
  buildIdpMetadata,
  createResponseSigner,
  encodePost,
  fingerprints,
  NAMEID_FORMAT,
  ResponseRejectedError,
  type ResponseSigner,
  type SigningMode,
  type VerifyResponseOptions,
  verifyResponseStateless,
} from '../../src/index.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, sampleResponseInput, signingMaterial, spEncryptionMaterial } from '../fixtures.js';
import { keyFilesFixture } from '../key-files.js';

const run = promisify(execFile);
samlify.setSchemaValidator({ validate: async () => 'skipped' });

/** What `fn` throws as a ResponseRejectedError (its code), or undefined when it throws nothing. */
const reason = (fn: () => unknown) => thrownBy(fn, ResponseRejectedError)?.code;

describe('EncryptedAssertion (saml-core §2.3.4, xmlenc-core1)', function () {
  this.timeout(60_000);
  let signer: ResponseSigner;
  const encryption = (o: Partial<AssertionEncryption> = {}): AssertionEncryption => ({
    certificatePem: spEncryptionMaterial().certificatePem,
    ...o,
  });
  const issue = (signing: SigningMode = 'both', enc: Partial<AssertionEncryption> = {}) =>
    signer.issue({ ...sampleResponseInput({ signing }), encryptAssertion: encryption(enc) });
  const options = (o: Partial<VerifyResponseOptions['decryption']> = {}): VerifyResponseOptions => ({
    trust: { fingerprints: [fingerprints(signingMaterial().certificatePem).sha256] },
    expected: { issuer: IDP_ENTITY_ID, audience: SP_ENTITY_ID, destination: ACS_URL },
    now: new Date(),
    skewSeconds: 180,
    acceptRawXml: true,
    decryption: { privateKeysPem: [spEncryptionMaterial().privateKeyPem], ...o },
  });

  before(() => {
    signer = createResponseSigner(signingMaterial());
  });

  describe('our verifier', () => {
    for (const signing of ['both', 'assertion', 'response'] as SigningMode[]) {
      it(`accepts a Response signed in mode ${signing} whose assertion is encrypted, and reads the identity`, () => {
        const xml = issue(signing);
        expect(xml).to.match(/<saml:EncryptedAssertion xmlns:saml="[^"]+"><xenc:EncryptedData/);
        expect(xml).not.to.include('<saml:Assertion');
        const v = verifyResponseStateless(xml, options());
        expect(v).to.include({ nameId: 'jane.doe@example.com', encrypted: true });
        expect(v.signed).to.deep.equal({ response: signing !== 'assertion', assertion: signing !== 'response' });
        expect(v.attributes.firstName).to.deep.equal(['Jane']);
      });
    }

    it('applies the usual checks to the decrypted assertion (another audience is refused)', () => {
      const xml = signer.issue({
        ...sampleResponseInput({ signing: 'assertion' }),
        encryptAssertion: encryption(),
      });
      const opts = options();
      expect(reason(() => verifyResponseStateless(xml, { ...opts, expected: { ...opts.expected, audience: 'other.sp' } }))).to.equal(
        'audience_mismatch',
      );
    });

    it('refuses AES-CBC unless the SP allows it, then accepts it', () => {
      const xml = issue('both', { blockEncryption: 'aes128-cbc' });
      expect(reason(() => verifyResponseStateless(xml, options()))).to.equal('decryption_failed');
      expect(verifyResponseStateless(xml, options({ allowCbc: true })).encrypted).to.equal(true);
    });

    it('accepts xmlenc 1.1 rsa-oaep with SHA-256 key transport', () => {
      expect(verifyResponseStateless(issue('assertion', { keyTransport: 'rsa-oaep-sha256' }), options()).nameId).to.equal(
        'jane.doe@example.com',
      );
    });

    it('gives one reason, decryption_failed, for a changed ciphertext, another key and a disallowed algorithm', () => {
      const xml = issue('assertion');
      const tampered = xml.replace(
        /(<\/xenc:EncryptedKey><\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>)(.)/,
        (_m, head, c) => `${head}${c === 'A' ? 'B' : 'A'}`,
      );
      const other = generateSigningMaterial({ commonName: 'not our SP' });
      const cbc = issue('assertion', { blockEncryption: 'aes256-cbc' });
      const reasons = [
        reason(() => verifyResponseStateless(tampered, options())),
        reason(() => verifyResponseStateless(xml, options({ privateKeysPem: [other.privateKeyPem] }))),
        reason(() => verifyResponseStateless(cbc, options())),
      ];
      expect(reasons).to.deep.equal(['decryption_failed', 'decryption_failed', 'decryption_failed']);
    });

    it('refuses a CBC ciphertext changed into garbage that still unpads, with the same reason', () => {
      const xml = issue('assertion', { blockEncryption: 'aes128-cbc' });
      // Flip a bit of the first ciphertext block: the plaintext's first block becomes garbage, the padding stays valid.
      const tampered = xml.replace(
        /(<\/xenc:EncryptedKey><\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>)([A-Za-z0-9+/]{24})([A-Za-z0-9+/])/,
        (_m, head, iv, c) => `${head}${iv}${c === 'A' ? 'B' : 'A'}`,
      );
      expect(tampered).not.to.equal(xml);
      expect(reason(() => verifyResponseStateless(tampered, options({ allowCbc: true })))).to.equal('decryption_failed');
    });

    it('refuses a plaintext Assertion wrapped beside the EncryptedAssertion (XSW)', () => {
      const encrypted = issue('assertion');
      const plain = signer.issue(sampleResponseInput({ signing: 'assertion', nameId: 'admin' }));
      const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(plain)?.[0] as string;
      for (const wrapped of [
        encrypted.replace('</samlp:Response>', `${assertion}</samlp:Response>`),
        encrypted.replace('<saml:EncryptedAssertion', `${assertion}<saml:EncryptedAssertion`),
        encrypted.replace('</saml:EncryptedAssertion>', `</saml:EncryptedAssertion><samlp:Extensions>${assertion}</samlp:Extensions>`),
      ]) {
        expect(reason(() => verifyResponseStateless(wrapped, options()))).to.equal('multiple_assertions');
      }
    });

    it('refuses an assertion in the clear when encryption is required, and an EncryptedAssertion without keys', () => {
      const plain = signer.issue(sampleResponseInput());
      expect(reason(() => verifyResponseStateless(plain, options({ requireEncryptedAssertion: true })))).to.equal(
        'assertion_not_encrypted',
      );
      const { decryption: _d, ...noKeys } = options();
      expect(reason(() => verifyResponseStateless(issue(), noKeys))).to.equal('encrypted_assertion_unsupported');
    });

    it('refuses an EncryptedAssertion with two EncryptedKeys or a RetrievalMethod to elsewhere, with a reason of its own', () => {
      const xml = issue('assertion');
      const key = /<xenc:EncryptedKey>[\s\S]*<\/xenc:EncryptedKey>/.exec(xml)?.[0] as string;
      const twoKeys = xml.replace(
        '</saml:EncryptedAssertion>',
        `${key.replace('<xenc:EncryptedKey>', '<xenc:EncryptedKey xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">').replace('<ds:DigestMethod', '<ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#"')}</saml:EncryptedAssertion>`,
      );
      const remote = xml.replace(key, '<ds:RetrievalMethod URI="https://attacker.example/key"/>');
      expect(reason(() => verifyResponseStateless(twoKeys, options()))).to.equal('encrypted_assertion_malformed');
      expect(reason(() => verifyResponseStateless(remote, options()))).to.equal('encrypted_assertion_malformed');
    });

    it('refuses a signed Response whose EncryptedAssertion was swapped for another (Response signature breaks)', () => {
      const a = issue('response');
      const b = issue('response');
      const ea = (x: string) => /<saml:EncryptedAssertion[\s\S]*<\/saml:EncryptedAssertion>/.exec(x)?.[0] as string;
      expect(reason(() => verifyResponseStateless(a.replace(ea(a), ea(b)), options()))).to.equal('signature_invalid');
    });
  });

  describe('independent peers decrypt what the builder wrote', () => {
    const files = keyFilesFixture('samlbridge-enc-', {
      'sp.key': () => spEncryptionMaterial().privateKeyPem,
      'idp.crt': () => signingMaterial().certificatePem,
    });

    for (const blockEncryption of ['aes256-gcm', 'aes128-gcm', 'aes256-cbc'] as const) {
      it(`node-saml (decryptionPvk, both signatures required) signs in from a ${blockEncryption} EncryptedAssertion`, async () => {
        const saml = new SAML({
          callbackUrl: ACS_URL,
          idpCert: signingMaterial().certificatePem,
          issuer: SP_ENTITY_ID,
          audience: SP_ENTITY_ID,
          idpIssuer: IDP_ENTITY_ID,
          decryptionPvk: spEncryptionMaterial().privateKeyPem,
        });
        const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: encodePost(issue('both', { blockEncryption })) });
        expect(profile?.nameID).to.equal('jane.doe@example.com');
        expect(profile?.attributes).to.deep.include({ firstName: 'Jane' });
      });
    }

    it("samlify's ServiceProvider (encPrivateKey, isAssertionEncrypted) signs in from an aes256-gcm EncryptedAssertion", async () => {
      const idp = samlify.IdentityProvider({
        metadata: buildIdpMetadata({
          entityId: IDP_ENTITY_ID,
          certificatePem: signingMaterial().certificatePem,
          ssoRedirectUrl: 'https://idp.example.test/saml2/talentlms',
          ssoPostUrl: 'https://idp.example.test/saml2/talentlms',
          nameIdFormats: [NAMEID_FORMAT.emailAddress],
        }),
        isAssertionEncrypted: true,
      });
      const sp = samlify.ServiceProvider({
        entityID: SP_ENTITY_ID,
        assertionConsumerService: [{ Binding: BINDING.post, Location: ACS_URL }],
        wantAssertionsSigned: true,
        wantMessageSigned: true,
        isAssertionEncrypted: true,
        encPrivateKey: spEncryptionMaterial().privateKeyPem,
        encryptCert: spEncryptionMaterial().certificatePem,
      });
      const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: encodePost(issue('both')) } });
      expect(extract.nameID).to.equal('jane.doe@example.com');
    });

    it('python3-cryptography (an outside xmlenc 1.1 peer) decrypts an rsa-oaep SHA-256 EncryptedAssertion to the signed Assertion xmlsec1 verifies', async () => {
      for (const blockEncryption of ['aes256-gcm', 'aes128-cbc'] as const) {
        const xml = issue('assertion', { keyTransport: 'rsa-oaep-sha256', blockEncryption });
        expect(xml).to.include('http://www.w3.org/2009/xmlenc11#rsa-oaep');
        const file = files.file(`oaep-${blockEncryption}.xml`);
        await writeFile(file, xml);
        const script = join(import.meta.dirname, '..', 'peers', 'xmlenc11_decrypt.py');
        const { stdout } = await run('python3', [script, file, files.file('sp.key')]);
        expect(stdout, blockEncryption).to.match(/^<saml:Assertion [^>]*ID="_assertion0123456789abcdef"/);
        const decrypted = files.file(`oaep-${blockEncryption}-assertion.xml`);
        await writeFile(decrypted, stdout);
        expect(xmlsecVerify(decrypted, files.file('idp.crt'), [SAML_ID_ELEMENTS.assertion])).to.include('OK');
      }
    });

    it('xmlsec1 decrypts the EncryptedData to the signed Assertion, whose signature xmlsec1 then verifies', async () => {
      const xml = issue('assertion');
      const file = files.file('response.xml');
      await writeFile(file, xml);
      const { stdout } = await run('xmlsec1', ['--decrypt', '--privkey-pem', files.file('sp.key'), file]);
      expect(stdout).to.match(/<saml:Assertion [^>]*ID="_assertion0123456789abcdef"/);
      const decrypted = files.file('decrypted.xml');
      await writeFile(decrypted, stdout);
      expect(xmlsecVerify(decrypted, files.file('idp.crt'), [SAML_ID_ELEMENTS.assertion])).to.include('OK');
    });
  });
});
