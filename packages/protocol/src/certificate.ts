// X.509 helpers: PEM/DER, fingerprints the way admins see them, and constant-time matching.

import { createHash, timingSafeEqual } from 'node:crypto';
import { protocolInputError } from './protocol-errors.js';
import type { CertificateFingerprints } from './types.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** DER bytes of the first CERTIFICATE block. Also accepts a bare base64 body (as in ds:X509Certificate). */
export function pemToDer(pem: string): Buffer {
  const m = PEM_BLOCK.exec(pem);
  const body = (m ? (m[1] ?? '') : pem).replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 !== 0 || !BASE64.test(body)) {
    throw protocolInputError('invalid_certificate');
  }
  return Buffer.from(body, 'base64');
}

export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Base64 DER on one line: the content of ds:X509Certificate (xmldsig §4.4.4). */
export function certificateBody(pem: string): string {
  return pemToDer(pem).toString('base64');
}

function colonHex(buf: Buffer): string {
  return buf
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

/** SHA-1 and SHA-256 over the DER, as `AB:CD:…` (the form `openssl x509 -fingerprint` prints). */
export function fingerprints(cert: string | Uint8Array): CertificateFingerprints {
  const der = typeof cert === 'string' ? pemToDer(cert) : Buffer.from(cert);
  return {
    sha1: colonHex(createHash('sha1').update(der).digest()),
    sha256: colonHex(createHash('sha256').update(der).digest()),
  };
}

export interface NormalizedFingerprint {
  algorithm: 'sha1' | 'sha256';
  /** Lowercase hex without separators. */
  hex: string;
}

/** Accepts any case, with or without `:` / spaces / `-`; an optional `sha1:`/`sha256:` label is ignored. */
export function normalizeFingerprint(input: string): NormalizedFingerprint {
  const raw = String(input ?? '').trim();
  const hex = raw
    .replace(/^(sha-?1|sha-?256)\s*(fingerprint)?\s*[:=]\s*/i, '')
    .replace(/[\s:-]/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]*$/.test(hex)) {
    throw protocolInputError('invalid_fingerprint');
  }
  if (hex.length === 40) return { algorithm: 'sha1', hex };
  if (hex.length === 64) return { algorithm: 'sha256', hex };
  throw protocolInputError(
    'invalid_fingerprint',
    `The fingerprint has ${hex.length} hex digits; a SHA-1 fingerprint has 40 and a SHA-256 fingerprint has 64 (e.g. from \`openssl x509 -noout -fingerprint -sha256 -in idp.crt\`)`,
  );
}

/** True when the certificate's SHA-1 or SHA-256 fingerprint equals one of `expected` (compared in constant time). */
export function fingerprintMatches(certDer: Uint8Array, expected: readonly NormalizedFingerprint[]): boolean {
  let sha1: Buffer | undefined;
  let sha256: Buffer | undefined;
  let matched = false;
  for (const fp of expected) {
    const want = Buffer.from(fp.hex, 'hex');
    let got: Buffer;
    if (fp.algorithm === 'sha1') got = sha1 ??= createHash('sha1').update(certDer).digest();
    else got = sha256 ??= createHash('sha256').update(certDer).digest();
    if (want.length === got.length && timingSafeEqual(want, got)) matched = true;
  }
  return matched;
}
