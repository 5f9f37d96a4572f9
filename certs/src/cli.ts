// Prints what an admin pastes into an SP (TalentLMS wants the SHA-1 fingerprint).
// Usage: node --import tsx certs/src/cli.ts [path-to-cert.pem]   (default ./data/idp/idp-signing.crt)
import { resolve } from 'node:path';
import { describeCertificateFile } from './describe.js';

const path = resolve(process.argv[2] ?? './data/idp/idp-signing.crt');
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
