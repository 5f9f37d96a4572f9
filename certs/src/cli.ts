// Prints what an admin pastes into an SP (TalentLMS wants the SHA-1 fingerprint).
// Usage: node --import tsx certs/src/cli.ts [path-to-cert.pem]   (default ${IDP_DATA_DIR:-./data/idp}/idp-signing.crt)
import { join, resolve } from 'node:path';
import { describeCertificateFile } from './describe.js';
import { CERT_FILE } from './key-store.js';

const path = resolve(process.argv[2] ?? join(process.env.IDP_DATA_DIR || './data/idp', CERT_FILE));
try {
  const d = await describeCertificateFile(path);
  process.stdout.write(
    [
      `Certificate: ${path}`,
      `Subject:     ${d.subject}`,
      `Valid from:  ${d.notBefore.toISOString()}`,
      `Valid until: ${d.notAfter.toISOString()}`,
      `Serial:      ${d.serialNumber}`,
      `SHA-1:       ${d.sha1}`,
      `SHA-256:     ${d.sha256}`,
      '',
    ].join('\n'),
  );
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    process.stderr.write(`No certificate at ${path}. Start the IdP once to generate it, or pass the path: fingerprints <cert.pem>\n`);
  } else {
    process.stderr.write(`Cannot read a certificate from ${path}: ${(err as Error).message}\n`);
  }
  process.exitCode = 1;
}
