import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { CERT_FILE, describeCertificatePem, generateSigningMaterial, KEY_FILE, loadOrCreateSigningMaterial } from '../src/index.js';

const run = promisify(execFile);

describe('@samlbridge/certs', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samlbridge-certs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates an RSA-2048 key and a self-signed SHA-256 certificate for it', () => {
    const { privateKeyPem, certificatePem } = generateSigningMaterial({ commonName: 'idp.example.test', days: 30 });
    const cert = new X509Certificate(certificatePem);
    const key = createPrivateKey(privateKeyPem);
    expect(cert.checkPrivateKey(key)).to.equal(true);
    expect(cert.verify(createPublicKey(certificatePem))).to.equal(true);
    expect(key.asymmetricKeyDetails?.modulusLength).to.equal(2048);
    expect(cert.subject).to.equal('CN=idp.example.test');
    expect(cert.ca).to.equal(false);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(days).to.be.closeTo(30, 0.01);
    expect(/^[0-7]/.test(cert.serialNumber), 'serial is positive').to.equal(true);
  });

  it('signs the certificate with sha256WithRSAEncryption and marks it digitalSignature only', async () => {
    const { certificatePem } = generateSigningMaterial({ commonName: 'x' });
    await writeFile(join(dir, 'c.pem'), certificatePem);
    const { stdout } = await run('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-text']);
    expect(stdout).to.match(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(stdout).to.match(/Key Usage: critical\s+Digital Signature\s/);
    expect(stdout).to.match(/CA:FALSE/);
  });

  it('gives each certificate a different serial number', () => {
    const a = new X509Certificate(generateSigningMaterial({ commonName: 'a' }).certificatePem);
    const b = new X509Certificate(generateSigningMaterial({ commonName: 'a' }).certificatePem);
    expect(a.serialNumber).not.to.equal(b.serialNumber);
  });

  it('creates the key pair once (key mode 0600, no temp files left) and loads it afterwards', async () => {
    const sub = join(dir, 'data', 'idp');
    const first = await loadOrCreateSigningMaterial(sub, { commonName: 'idp' });
    expect(first.created).to.equal(true);
    expect((await stat(join(sub, KEY_FILE))).mode & 0o777).to.equal(0o600);
    expect((await readdir(sub)).sort()).to.deep.equal([CERT_FILE, KEY_FILE].sort());
    const second = await loadOrCreateSigningMaterial(sub, { commonName: 'idp' });
    expect(second.created).to.equal(false);
    expect(second.privateKeyPem).to.equal(first.privateKeyPem);
    expect(second.certificatePem).to.equal(first.certificatePem);
  });

  it('refuses to silently replace a pair when only one of the two files exists', async () => {
    await loadOrCreateSigningMaterial(dir, { commonName: 'idp' });
    await rm(join(dir, CERT_FILE));
    let err: unknown;
    await loadOrCreateSigningMaterial(dir, { commonName: 'idp' }).catch((e: unknown) => {
      err = e;
    });
    expect(String(err)).to.match(/Only one of .* exists/);
  });

  it('describes a certificate with the fingerprints openssl prints', () => {
    const { certificatePem } = generateSigningMaterial({ commonName: 'idp' });
    const x = new X509Certificate(certificatePem);
    const d = describeCertificatePem(certificatePem);
    expect([d.sha1, d.sha256, d.subject]).to.deep.equal([x.fingerprint, x.fingerprint256, 'CN=idp']);
  });

  it('the CLI prints subject, validity and both fingerprints, and explains a missing file', async () => {
    const { certificatePem } = generateSigningMaterial({ commonName: 'cli.example.test' });
    const file = join(dir, 'idp.crt');
    await writeFile(file, certificatePem);
    const cli = new URL('../src/cli.ts', import.meta.url).pathname;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, file]);
    const x = new X509Certificate(certificatePem);
    expect(stdout)
      .to.contain('CN=cli.example.test')
      .and.contain(x.fingerprint)
      .and.contain(x.fingerprint256)
      .and.match(/Valid until:/);
    let err: { code?: number; stderr?: string } | undefined;
    await run(process.execPath, ['--import', 'tsx', cli, join(dir, 'missing.crt')]).catch((e: { code?: number; stderr?: string }) => {
      err = e;
    });
    expect(err?.code).to.equal(1);
    expect(err?.stderr).to.match(/No certificate at .*missing\.crt/);
  });

  it('the CLI reads the certificate from IDP_DATA_DIR when no path is given', async () => {
    const { certificatePem } = generateSigningMaterial({ commonName: 'data-dir.example.test' });
    await writeFile(join(dir, CERT_FILE), certificatePem);
    const cli = new URL('../src/cli.ts', import.meta.url).pathname;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli], { env: { ...process.env, IDP_DATA_DIR: dir } });
    expect(stdout).to.contain('CN=data-dir.example.test').and.contain(new X509Certificate(certificatePem).fingerprint);
  });
});
