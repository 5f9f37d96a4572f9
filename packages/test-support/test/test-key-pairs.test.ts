import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CERT_FILE, KEY_FILE, loadOrCreateKeyPair, loadOrCreateSigningMaterial } from '@samlbridge/certs';
import { expect } from 'chai';
import { seedTestSigningKey, seedTestSpEncryptionKey } from '../src/test-key-pairs.js';

describe('seedTestSigningKey and seedTestSpEncryptionKey', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'samlbridge-seed-key-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('gives a new IdP data folder a private key (0600, folder 0700) that the key store loads instead of generating one', async () => {
    const dataDir = seedTestSigningKey(join(scratch(), 'idp'));
    expect(statSync(join(dataDir, KEY_FILE)).mode & 0o777).to.equal(0o600);
    expect(statSync(dataDir).mode & 0o777).to.equal(0o700);
    const loaded = await loadOrCreateSigningMaterial(dataDir, { commonName: 'localhost' });
    expect(loaded.created).to.equal(false);
    expect(loaded.certificatePem).to.equal(readFileSync(join(dataDir, CERT_FILE), 'utf8'));
  });

  it('puts the same pair into every folder of one process', () => {
    const [a, b] = [seedTestSigningKey(scratch()), seedTestSigningKey(scratch())];
    expect(readFileSync(join(a, KEY_FILE), 'utf8')).to.equal(readFileSync(join(b, KEY_FILE), 'utf8'));
    expect(readFileSync(join(a, CERT_FILE), 'utf8')).to.equal(readFileSync(join(b, CERT_FILE), 'utf8'));
  });

  it('refuses a folder that already holds a key', () => {
    const dir = seedTestSigningKey(scratch());
    expect(() => seedTestSigningKey(dir)).to.throw(/EEXIST/);
  });

  it("gives a new SP data folder its encryption pair, which the SP's key store loads instead of generating, and no signing pair", async () => {
    const dataDir = seedTestSpEncryptionKey(join(scratch(), 'sp'));
    const encryption = await loadOrCreateKeyPair(dataDir, 'sp-encryption', { commonName: 'localhost' });
    expect(encryption.created).to.equal(false);
    expect(statSync(join(dataDir, 'sp-encryption.key')).mode & 0o777).to.equal(0o600);
    const certificate = new X509Certificate(encryption.certificatePem);
    expect(certificate.checkPrivateKey(createPrivateKey(encryption.privateKeyPem))).to.equal(true);
    // A pair of its own, not the IdP's signing pair of the same process.
    const idp = readFileSync(join(seedTestSigningKey(scratch()), CERT_FILE), 'utf8');
    expect(certificate.publicKey.equals(new X509Certificate(idp).publicKey)).to.equal(false);
    // The signing pair is the SP's to make on first use.
    expect(existsSync(join(dataDir, 'sp-signing.key'))).to.equal(false);
  });
});
