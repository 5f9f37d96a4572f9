// AuthnRequest IDs already accepted, per application (one answer per request). One statement, so two
// instances posting the same request at once cannot both see "new": the primary key lets one INSERT in.
import type { PgQueryable } from '@samlbridge/web';
import type { AuthnRequestIdRepository } from '../types.js';

export function postgresAuthnRequestIds(db: PgQueryable): AuthnRequestIdRepository {
  return {
    async consume(applicationId, key, expiresAt) {
      const result = await db.query(
        'INSERT INTO authn_request_ids (application_id, request_key, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [applicationId, key, expiresAt],
      );
      return result.rowCount === 1;
    },
    async deleteExpired(now) {
      return (await db.query('DELETE FROM authn_request_ids WHERE expires_at < $1', [now])).rowCount ?? 0;
    },
  };
}
