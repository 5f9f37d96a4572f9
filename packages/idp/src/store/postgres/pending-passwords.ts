// Sealed passwords held for a user's first SCIM create (see PendingPasswordRepository).
import type { PgQueryable } from '@samlbridge/web';
import type { PendingPasswordRepository } from '../provisioning-types.js';

export const pendingPasswordsMigration = `
  CREATE TABLE pending_passwords (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX pending_passwords_expiry ON pending_passwords(expires_at);
  `;

export function postgresPendingPasswords(db: PgQueryable): PendingPasswordRepository {
  return {
    async put(userId, sealed, expiresAt) {
      await db.query(
        'INSERT INTO pending_passwords (user_id, sealed, expires_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET sealed = EXCLUDED.sealed, expires_at = EXCLUDED.expires_at',
        [userId, sealed, expiresAt],
      );
    },
    async get(userId, now) {
      const { rows } = await db.query<{ sealed: string }>('SELECT sealed FROM pending_passwords WHERE user_id = $1 AND expires_at > $2', [
        userId,
        now,
      ]);
      return rows[0]?.sealed;
    },
    async deleteExpired(now) {
      return (await db.query('DELETE FROM pending_passwords WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
  };
}
