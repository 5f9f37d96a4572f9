// One key pair per name per test process, put into each fresh data folder before the IdP or the SP starts, as
// the app itself writes them at its first start: `{name}.key` mode 0600 in a 0700 folder, `{name}.crt`.
// Generating a 2048-bit RSA pair and self-signing its certificate costs 0.2–0.4 s of CPU; a whole test run starts
// about 250 apps, so the pairs are made once per process. For tests where which key signs or decrypts does not
// matter; tests of key generation, of a certificate's subject, or of two apps with different keys start without.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CERT_FILE, type GenerateOptions, generateSigningMaterial, KEY_FILE, type SigningMaterial } from '@samlbridge/certs';

const shared = new Map<string, SigningMaterial>();

function material(name: string, usage: GenerateOptions['usage']): SigningMaterial {
  let pair = shared.get(name);
  if (!pair) {
    pair = generateSigningMaterial({ commonName: `samlbridge-test-${name}`, usage });
    shared.set(name, pair);
  }
  return pair;
}

/** Writes one pair; refuses a folder that already holds either file (flag wx). */
function writePair(dataDir: string, keyFile: string, certificateFile: string, pair: SigningMaterial): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, keyFile), pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(join(dataDir, certificateFile), pair.certificatePem, { mode: 0o644, flag: 'wx' });
}

/** The IdP's signing pair (`idp-signing.key`, `idp-signing.crt`) in a new IdP data folder; returns the folder. */
export function seedTestSigningKey(dataDir: string): string {
  writePair(dataDir, KEY_FILE, CERT_FILE, material('idp-signing', 'signing'));
  return dataDir;
}

/**
 * The SP's encryption pair (`sp-encryption.key`, `.crt`; keyUsage keyEncipherment), which the SP makes at its first
 * start (packages/sp-talentlms/src/create-sp.ts), in a new SP data folder; returns the folder. The SP's message-signing
 * pair is left to be made on first use, as the SP does (tests of Single Logout and of the certificate gauge see that).
 */
export function seedTestSpEncryptionKey(dataDir: string): string {
  writePair(dataDir, 'sp-encryption.key', 'sp-encryption.crt', material('sp-encryption', 'encryption'));
  return dataDir;
}
