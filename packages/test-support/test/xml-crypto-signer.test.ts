import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningMaterial } from '@samlbridge/certs';
import { expect } from 'chai';
import { signWithXmlCrypto } from '../src/xml-crypto-signer.js';
import { SAML_ID_ELEMENTS, xmlsecVerify } from '../src/xmlsec.js';

const keys = generateSigningMaterial({ commonName: 'xml-crypto-signer-test' });
const RESPONSE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">' +
  '<saml:Issuer>https://idp.example</saml:Issuer><samlp:Status/></samlp:Response>';
const RESPONSE_XPATH = "/*[local-name(.)='Response']";

describe('signWithXmlCrypto', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xml-crypto-signer-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const verify = (xml: string) => {
    writeFileSync(join(dir, 'signed.xml'), xml);
    writeFileSync(join(dir, 'cert.pem'), keys.certificatePem);
    return xmlsecVerify(join(dir, 'signed.xml'), join(dir, 'cert.pem'), [SAML_ID_ELEMENTS.response]);
  };

  it('signs the element with an RSA-SHA256 signature right after its Issuer, which xmlsec1 verifies', () => {
    const signed = signWithXmlCrypto(RESPONSE, RESPONSE_XPATH, keys);
    expect(signed).to.match(/<\/saml:Issuer><ds:Signature /);
    expect(signed).to.contain('xmldsig-more#rsa-sha256').and.contain('xmlenc#sha256');
    expect(verify(signed)).to.match(/^OK$/m);
  });

  it('uses SHA-1 digests with RSA-SHA1', () => {
    const signed = signWithXmlCrypto(RESPONSE, RESPONSE_XPATH, keys, 'http://www.w3.org/2000/09/xmldsig#rsa-sha1');
    expect(signed).to.contain('xmldsig#rsa-sha1').and.contain('xmldsig#sha1');
  });
});
