// AuthnRequest IDs already accepted, per application (one answer per request). The INSERT is the
// whole check: ON CONFLICT DO NOTHING changes no row when the ID is already there.
import type { SqliteDatabase } from '@samlbridge/web';
import type { AuthnRequestIdRepository } from '../types.js';
import { iso } from './util.js';

export function sqliteAuthnRequestIds(db: SqliteDatabase): AuthnRequestIdRepository {
  return {
    async consume(applicationId, key, expiresAt) {
      const result = db
        .prepare('INSERT INTO authn_request_ids (application_id, request_key, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(applicationId, key, iso(expiresAt));
      return result.changes === 1;
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM authn_request_ids WHERE expires_at < ?').run(iso(now)).changes;
    },
  };
}
