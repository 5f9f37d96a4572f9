// Per-application "Encrypt assertion" (saml-core §2.3.4, §6.2): whether the IdP encrypts the signed assertion, for
// which SP certificate, with which xmlenc algorithms. One row per application; no row → not encrypted. The settings
// are JSON in a text column (the same column type and the same text on both engines).
import type { BlockEncryption, KeyTransport } from '@samlbridge/protocol';
import { type RowOf, snakeColumns, table } from '@samlbridge/web';
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

type Row = { applicationId: string; settings: AssertionEncryptionSettings };
const COLUMNS = snakeColumns<Row>()(
  {
    text: ['applicationId'],
  },
  {
    settings: ['settings', { to: (v) => JSON.stringify(v), from: (v: string) => ({ ...NO_ASSERTION_ENCRYPTION, ...JSON.parse(v) }) }],
  },
);
export type AssertionEncryptionTable = RowOf<Row, typeof COLUMNS>;

export function assertionEncryption({ db, dialect }: Sql) {
  const t = table<Row, AssertionEncryptionTable>(db, dialect, 'application_assertion_encryption', COLUMNS);
  return {
    get: async (applicationId: string) => (await t.find({ application_id: applicationId }))?.settings,
    put: (applicationId: string, settings: AssertionEncryptionSettings) => t.upsert({ applicationId, settings }, ['application_id']),
  };
}
