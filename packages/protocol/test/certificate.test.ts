import { X509Certificate } from 'node:crypto';
import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import { derToPem } from '../src/certificate.js';
import { certificateBody, fingerprintMatches, fingerprints, normalizeFingerprint, pemToDer } from '../src/index.js';
import { signingMaterial } from './fixtures.js';

describe('certificates and fingerprints', () => {
  let pem: string;
  let x509: X509Certificate;
  before(() => {
    pem = signingMaterial().certificatePem;
    x509 = new X509Certificate(pem);
  });

  it('converts PEM to DER and back', () => {
    const der = pemToDer(pem);
    expect(der.equals(x509.raw)).to.equal(true);
    expect(pemToDer(derToPem(der)).equals(der)).to.equal(true);
    expect(certificateBody(pem)).to.equal(x509.raw.toString('base64'));
  });

  it('computes the same SHA-1 and SHA-256 fingerprints as openssl x509 -fingerprint', () => {
    // node:crypto's X509Certificate prints fingerprints the way openssl does (AB:CD:…).
    expect(fingerprints(pem)).to.deep.equal({ sha1: x509.fingerprint, sha256: x509.fingerprint256 });
    expect(fingerprints(x509.raw)).to.deep.equal({ sha1: x509.fingerprint, sha256: x509.fingerprint256 });
  });

  it('normalises fingerprints in any case, with or without colons or spaces', () => {
    const hex = x509.fingerprint.replace(/:/g, '').toLowerCase();
    for (const input of [
      x509.fingerprint,
      x509.fingerprint.toLowerCase(),
      hex.toUpperCase(),
      hex,
      x509.fingerprint.replace(/:/g, ' '),
      `  ${x509.fingerprint}\n`,
    ]) {
      expect(normalizeFingerprint(input)).to.deep.equal({ algorithm: 'sha1', hex });
    }
    expect(normalizeFingerprint(x509.fingerprint256).algorithm).to.equal('sha256');
  });

  it('refuses fingerprints of the wrong length or with non-hex characters, saying what is expected', () => {
    expect(() => normalizeFingerprint('AB:CD'))
      .to.throw(SamlbridgeError, /40 .* 64/)
      .with.property('code', 'invalid_fingerprint');
    expect(() => normalizeFingerprint('ZZ'.repeat(20)))
      .to.throw(SamlbridgeError, /hexadecimal/)
      .with.property('code', 'invalid_fingerprint');
    expect(() => normalizeFingerprint(''))
      .to.throw(SamlbridgeError)
      .with.property('code', 'invalid_fingerprint');
  });

  it('matches a certificate against any of several configured fingerprints (rotation)', () => {
    const other = normalizeFingerprint('00'.repeat(20));
    expect(fingerprintMatches(x509.raw, [other, normalizeFingerprint(x509.fingerprint256)])).to.equal(true);
    expect(fingerprintMatches(x509.raw, [other, normalizeFingerprint(x509.fingerprint)])).to.equal(true);
    expect(fingerprintMatches(x509.raw, [other])).to.equal(false);
    expect(fingerprintMatches(x509.raw, [])).to.equal(false);
  });

  it('refuses text that is not a certificate with invalid_certificate', () => {
    expect(() => pemToDer('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----'))
      .to.throw(SamlbridgeError)
      .with.property('code', 'invalid_certificate');
  });
});
