// Per-application "Encrypt assertion" (saml-core §2.3.4, §6.2): whether the IdP encrypts the signed assertion, for
// which SP certificate, with which xmlenc algorithms. One row per application; no row → not encrypted. The settings
// are JSON in a text column (the same column type and the same text on both engines).
import type { BlockEncryption, KeyTransport } from '@samlbridge/protocol';
import type { Sql } from './dialect.js';

export interface AssertionEncryptionSettings {
  encryptAssertion: boolean;
  /** The SP's encryption certificate (PEM); '' when none was given. */
  spEncryptionCertificatePem: string;
  /** xmlenc block encryption; AES-GCM by default, CBC only when an admin chose it (old SPs). */
  blockEncryption: BlockEncryption;
  /** RSA-OAEP key transport: rsa-oaep-mgf1p (SHA-1) by default, or xmlenc 1.1 rsa-oaep with SHA-256. */
  keyTransport: KeyTransport;
}

export const NO_ASSERTION_ENCRYPTION: AssertionEncryptionSettings = {
  encryptAssertion: false,
  spEncryptionCertificatePem: '',
  blockEncryption: 'aes256-gcm',
  keyTransport: 'rsa-oaep-mgf1p',
};

export interface AssertionEncryptionRepository {
  get(applicationId: string): Promise<AssertionEncryptionSettings | undefined>;
  put(applicationId: string, settings: AssertionEncryptionSettings): Promise<void>;
}

export function assertionEncryption({ db }: Sql): AssertionEncryptionRepository {
  return {
    async get(applicationId) {
      const row = await db
        .selectFrom('application_assertion_encryption')
        .select('settings')
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      return row && { ...NO_ASSERTION_ENCRYPTION, ...(JSON.parse(row.settings) as Partial<AssertionEncryptionSettings>) };
    },
    async put(applicationId, settings) {
      await db
        .insertInto('application_assertion_encryption')
        .values({ application_id: applicationId, settings: JSON.stringify(settings) })
        .onConflict((oc) => oc.column('application_id').doUpdateSet((eb) => ({ settings: eb.ref('excluded.settings') })))
        .execute();
    },
  };
}
