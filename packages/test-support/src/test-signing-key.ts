// One IdP signing key pair per test process, put into each fresh IdP data directory before the IdP starts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CERT_FILE, generateSigningMaterial, KEY_FILE, type SigningMaterial } from '@samlbridge/certs';

let shared: SigningMaterial | undefined;

/**
 * Writes this process's test signing pair into `dataDir` as the IdP itself writes it at its first start
 * (`idp-signing.key` mode 0600 in a 0700 folder, `idp-signing.crt`), so the IdP loads it instead of
 * generating a 2048-bit RSA key (0.2–0.3 s of CPU for each IdP a test starts). For tests where which key
 * signs does not matter; tests of key generation, of the certificate's subject, or of two IdPs with
 * different keys start without it. Refuses a folder that already holds a key or certificate.
 */
export function seedTestSigningKey(dataDir: string): string {
  shared ??= generateSigningMaterial({ commonName: 'samlbridge-test-idp' });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, KEY_FILE), shared.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(join(dataDir, CERT_FILE), shared.certificatePem, { mode: 0o644, flag: 'wx' });
  return dataDir;
}
