// The article says "paste the certificate into Certificate fingerprint": a PEM pasted there is understood as the
// certificate it is. It moves to the Certificate (PEM) field and its SHA-256 fingerprint takes its place.
import { fingerprints } from '@samlbridge/protocol';
import { splitPemCertificates } from './settings.js';

const PEM_BEGIN = /-----BEGIN CERTIFICATE-----/;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?(?:-----END CERTIFICATE-----|$)/g;

export interface MovedCertificate {
  /** SHA-256 fingerprints (AB:CD:…) of the certificates that were moved. */
  sha256: string[];
}

export type PastedCertificateResult =
  | { kind: 'none' }
  | { kind: 'moved'; fingerprintsText: string; certificatePem: string; moved: MovedCertificate }
  | { kind: 'invalid'; message: string };

/** True when the fingerprint field holds a certificate rather than fingerprints. */
export function looksLikeCertificate(fingerprintsText: string): boolean {
  return PEM_BEGIN.test(fingerprintsText);
}

/**
 * Moves the PEM certificate(s) pasted into the fingerprint field to the PEM field (kept: what was there already),
 * leaving the other lines of the fingerprint field and adding each moved certificate's SHA-256 fingerprint.
 */
export function movePastedCertificate(fingerprintsText: string, certificatePemText: string): PastedCertificateResult {
  if (!looksLikeCertificate(fingerprintsText)) return { kind: 'none' };
  const blocks = fingerprintsText.match(PEM_BLOCK) ?? [];
  let pems: string[];
  try {
    pems = splitPemCertificates(blocks.join('\n'));
  } catch {
    return {
      kind: 'invalid',
      message:
        'This looks like a certificate, not a fingerprint, but it is not a complete one. Paste the whole certificate.pem (from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----) into "Certificate (PEM)" below, or paste only its SHA-1 or SHA-256 fingerprint here.',
    };
  }
  const rest = fingerprintsText
    .replace(PEM_BLOCK, '')
    .split(/[\r\n,]+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const sha256 = pems.map((p) => fingerprints(p).sha256);
  const existingPem = certificatePemText.trim();
  const newPems = pems.filter((p) => !existingPem.replace(/\s+/g, '').includes(p.replace(/\s+/g, '')));
  return {
    kind: 'moved',
    fingerprintsText: [...rest, ...sha256.filter((f) => !rest.includes(f))].join('\n'),
    certificatePem: [existingPem, ...newPems].filter((p) => p !== '').join('\n'),
    moved: { sha256 },
  };
}
