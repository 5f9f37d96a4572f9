// Sealed passwords held for a user's first SCIM create (see PendingPasswordRepository).
import type { SqliteDatabase } from '@samlbridge/web';
import type { PendingPasswordRepository } from '../provisioning-types.js';
import { iso } from './util.js';

export const pendingPasswordsMigration = `
  CREATE TABLE pending_passwords (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX pending_passwords_expiry ON pending_passwords(expires_at);
  `;

export function sqlitePendingPasswords(db: SqliteDatabase): PendingPasswordRepository {
  return {
    async put(userId, sealed, expiresAt) {
      db.prepare(
        'INSERT INTO pending_passwords (user_id, sealed, expires_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at',
      ).run(userId, sealed, iso(expiresAt));
    },
    async get(userId, now) {
      return db
        .prepare<[string, string], { sealed: string }>('SELECT sealed FROM pending_passwords WHERE user_id = ? AND expires_at > ?')
        .get(userId, iso(now))?.sealed;
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM pending_passwords WHERE expires_at <= ?').run(iso(now)).changes;
    },
  };
}
