// The SP's request-signing certificate(s) an admin pastes in: each PEM block must be an X.509
// certificate node:crypto can read; several blocks allow a rotation (old and new both accepted).
import { createHash, X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface SpCertificateInfo {
  subject: string;
  /** SHA-256 of the DER, colon-separated hex (as `openssl x509 -fingerprint -sha256` prints it). */
  sha256: string;
  notBefore: Date;
  notAfter: Date;
}

export type SpCertificatesResult = { ok: true; certificates: SpCertificateInfo[] } | { ok: false; problem: string };

/** '' → no certificate; anything else must be PEM certificate blocks only. */
export function readSpCertificates(pem: string): SpCertificatesResult {
  const text = pem.trim();
  if (!text) return { ok: true, certificates: [] };
  const blocks = text.match(PEM_BLOCK) ?? [];
  const rest = text.replace(PEM_BLOCK, '').trim();
  if (blocks.length === 0 || rest) {
    return { ok: false, problem: 'must be one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)' };
  }
  const certificates: SpCertificateInfo[] = [];
  for (const [i, block] of blocks.entries()) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      return { ok: false, problem: `certificate ${i + 1} is not a readable X.509 certificate` };
    }
    const hex = createHash('sha256').update(cert.raw).digest('hex').toUpperCase();
    certificates.push({
      subject: cert.subject.replace(/\n/g, ', '),
      sha256: hex.match(/../g)?.join(':') ?? hex,
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
    });
  }
  return { ok: true, certificates };
}
