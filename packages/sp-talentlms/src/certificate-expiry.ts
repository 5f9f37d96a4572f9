// `samlbridge_certificate_expiry_days{certificate}` on the SP's /metrics, read at scrape time: days until
//   - `idp`: the IdP certificate pasted in the SSO settings of the SP's own tenant (SP_BASE_URL's host), when a PEM
//     is configured (fingerprint-only settings have no expiry to report). Several pasted certificates (a rotation):
//     the one that expires last, since Responses signed with any of them are accepted until then;
//   - `sp_signing`: the SP's signing certificate (`sp-signing.crt`, created at the first signed logout message);
//   - `sp_encryption`: the SP's encryption certificate (assertions encrypted to the SP).
// Negative once expired. A certificate that is absent is not reported (no series), rather than reported as 0.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, LabelledReadings, Logger, Operations } from '@samlbridge/web';

const DAY_MS = 24 * 60 * 60 * 1000;

export const CERTIFICATE_EXPIRY_METRIC = 'samlbridge_certificate_expiry_days';

export type CertificateRole = 'idp' | 'sp_signing' | 'sp_encryption';

export interface CertificateSources {
  /** The PEM text pasted in the SSO settings ('' when only fingerprints are configured). */
  idpCertificatePem(): Promise<string>;
  /** The SP's data folder (where `sp-signing.crt` is created). */
  dataDir: string;
  encryptionCertificatePem: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The latest notAfter among the PEM blocks of `text`; undefined when there is none. */
export function latestNotAfter(text: string): Date | undefined {
  let latest: Date | undefined;
  for (const block of text.match(PEM_BLOCK) ?? []) {
    const notAfter = new Date(new X509Certificate(block).validTo);
    if (!latest || notAfter > latest) latest = notAfter;
  }
  return latest;
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

export function certificateExpiryGauge(ops: Operations, sources: CertificateSources, clock: Clock, logger: Logger): void {
  const days = (notAfter: Date) => Math.floor((notAfter.getTime() - clock.now().getTime()) / DAY_MS);
  const readers: Record<CertificateRole, () => Promise<string>> = {
    idp: () => sources.idpCertificatePem(),
    sp_signing: () => readIfExists(join(sources.dataDir, 'sp-signing.crt')),
    sp_encryption: async () => sources.encryptionCertificatePem,
  };
  ops.labelledGauge(
    CERTIFICATE_EXPIRY_METRIC,
    'Days until a certificate expires: the IdP certificate in the SSO settings (idp), the SP signing and encryption certificates',
    'certificate',
    async () => {
      const readings: LabelledReadings = {};
      for (const [role, read] of Object.entries(readers)) {
        try {
          const notAfter = latestNotAfter(await read());
          if (notAfter) readings[role] = days(notAfter);
        } catch (err) {
          // One unreadable certificate must not hide the others: this one has no series in this scrape.
          logger.debug({ err, metric: CERTIFICATE_EXPIRY_METRIC, certificate: role }, 'certificate expiry not collected');
        }
      }
      return readings;
    },
  );
}
