// What an admin needs to know about a certificate file: subject, validity, fingerprints.
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface CertificateDescription {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  /** `AB:CD:…` like `openssl x509 -fingerprint -sha1`. */
  sha1: string;
  sha256: string;
}

function colonHex(buf: Buffer): string {
  return buf
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

export function describeCertificatePem(pem: string): CertificateDescription {
  const x509 = new X509Certificate(pem);
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    serialNumber: x509.serialNumber,
    sha1: colonHex(createHash('sha1').update(x509.raw).digest()),
    sha256: colonHex(createHash('sha256').update(x509.raw).digest()),
  };
}

export async function describeCertificateFile(path: string): Promise<CertificateDescription> {
  return describeCertificatePem(await readFile(path, 'utf8'));
}
