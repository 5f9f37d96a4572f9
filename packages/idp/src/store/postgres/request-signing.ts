import type { PgQueryable } from '@samlbridge/web';
import type { RequestSigningRepository } from '../types.js';

export function postgresRequestSigning(db: PgQueryable): RequestSigningRepository {
  return {
    async get(applicationId) {
      const { rows } = await db.query<{ require_signed_requests: boolean; sp_certificate_pem: string; allow_sha1: boolean }>(
        'SELECT require_signed_requests, sp_certificate_pem, allow_sha1 FROM application_request_signing WHERE application_id = $1',
        [applicationId],
      );
      const r = rows[0];
      return r && { requireSignedRequests: r.require_signed_requests, spCertificatePem: r.sp_certificate_pem, allowSha1: r.allow_sha1 };
    },
    async put(applicationId, s, now) {
      await db.query(
        `INSERT INTO application_request_signing (application_id, require_signed_requests, sp_certificate_pem, allow_sha1, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (application_id) DO UPDATE SET require_signed_requests = excluded.require_signed_requests,
           sp_certificate_pem = excluded.sp_certificate_pem, allow_sha1 = excluded.allow_sha1, updated_at = excluded.updated_at`,
        [applicationId, s.requireSignedRequests, s.spCertificatePem, s.allowSha1, now],
      );
    },
  };
}
