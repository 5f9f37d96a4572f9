// The "Encrypt assertion" part of an SP metadata import: an SP that publishes a KeyDescriptor use="encryption"
// (saml-metadata §2.4.1.1) declares it decrypts assertions, so the import proposes its certificate and turns
// encryption on (shown in the change preview first). A KeyDescriptor without `use` is not taken as that promise:
// many SPs publish one signing key that way and cannot decrypt.
import type { SpMetadataFacts } from '@samlbridge/protocol';
import type { AssertionEncryptionSettings } from '../store/assertion-encryption.js';
import { encryptionCertificateProblem } from './assertion-encryption.js';
import { readSpCertificates } from './sp-certificates.js';

export interface EncryptionChange {
  field: string;
  current: string;
  new: string;
}

export interface EncryptionPlan {
  changes: EncryptionChange[];
  warnings: string[];
  /** What the import saves through the assertion-encryption service; undefined when nothing changes. */
  settings?: Pick<AssertionEncryptionSettings, 'encryptAssertion' | 'spEncryptionCertificatePem'>;
}

const normalized = (pem: string) => pem.replace(/\s+/g, '');

function describe(pem: string): string {
  const read = readSpCertificates(pem);
  const c = read.ok ? read.certificates[0] : undefined;
  return c ? `${c.subject} (SHA-256 ${c.sha256}, until ${c.notAfter.toISOString().slice(0, 10)})` : '';
}

export function planAssertionEncryption(
  current: AssertionEncryptionSettings,
  facts: Pick<SpMetadataFacts, 'encryptionCertificates' | 'declaredEncryptionCertificates'>,
  now: Date,
): EncryptionPlan {
  const warnings: string[] = [];
  const declared = facts.declaredEncryptionCertificates;
  if (declared.length === 0) {
    if (facts.encryptionCertificates.length > 0 && !current.encryptAssertion) {
      warnings.push(
        'The metadata has a KeyDescriptor without use="encryption": assertions stay unencrypted. Turn on "Encrypt assertion" in the SSO settings if the service provider decrypts them.',
      );
    }
    return { changes: [], warnings };
  }
  let chosen: string | undefined;
  for (const [i, pem] of declared.entries()) {
    const problem = encryptionCertificateProblem(pem, now);
    if (problem) warnings.push(`The encryption certificate ${i + 1} of the metadata ${problem}: not applied.`);
    else chosen ??= pem.trim();
  }
  if (chosen === undefined) {
    warnings.push('The metadata has no usable encryption certificate: "Encrypt assertion" is left as it is.');
    return { changes: [], warnings };
  }
  if (declared.length > 1) {
    warnings.push(
      'The metadata lists several encryption certificates; assertions are encrypted for one, the first usable one (the service provider must still decrypt with it).',
    );
  }
  const changes: EncryptionChange[] = [];
  if (!current.encryptAssertion) changes.push({ field: 'encryptAssertion', current: 'false', new: 'true' });
  if (normalized(current.spEncryptionCertificatePem) !== normalized(chosen)) {
    changes.push({ field: 'spEncryptionCertificatePem', current: describe(current.spEncryptionCertificatePem), new: describe(chosen) });
  }
  return changes.length === 0
    ? { changes, warnings }
    : { changes, warnings, settings: { encryptAssertion: true, spEncryptionCertificatePem: chosen } };
}
