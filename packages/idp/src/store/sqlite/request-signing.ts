// Per-application "require signed AuthnRequests" settings (issue 6), kept in their own table so the
// applications repository stays untouched. No row → signing not required (the default).
import type { SqliteDatabase } from '@samlbridge/web';
import type { RequestSigningRepository } from '../types.js';
import { iso } from './util.js';

export const requestSigningMigration = `
  CREATE TABLE application_request_signing (
    application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
    require_signed_requests INTEGER NOT NULL DEFAULT 0,
    sp_certificate_pem TEXT NOT NULL DEFAULT '',
    allow_sha1 INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
`;

interface Row {
  require_signed_requests: number;
  sp_certificate_pem: string;
  allow_sha1: number;
}

export function sqliteRequestSigning(db: SqliteDatabase): RequestSigningRepository {
  return {
    async get(applicationId) {
      const r = db
        .prepare<[string], Row>(
          'SELECT require_signed_requests, sp_certificate_pem, allow_sha1 FROM application_request_signing WHERE application_id = ?',
        )
        .get(applicationId);
      if (!r) return undefined;
      return {
        requireSignedRequests: r.require_signed_requests === 1,
        spCertificatePem: r.sp_certificate_pem,
        allowSha1: r.allow_sha1 === 1,
      };
    },
    async put(applicationId, s, now) {
      db.prepare(
        `INSERT INTO application_request_signing (application_id, require_signed_requests, sp_certificate_pem, allow_sha1, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (application_id) DO UPDATE SET require_signed_requests = excluded.require_signed_requests,
           sp_certificate_pem = excluded.sp_certificate_pem, allow_sha1 = excluded.allow_sha1, updated_at = excluded.updated_at`,
      ).run(applicationId, s.requireSignedRequests ? 1 : 0, s.spCertificatePem, s.allowSha1 ? 1 : 0, iso(now));
    },
  };
}
