import type { SqliteDatabase } from '@samlbridge/web';
import type { SessionRepository } from '../types.js';
import { date, iso } from './util.js';

export function sqliteSessions(db: SqliteDatabase): SessionRepository {
  return {
    async getSession(idHash) {
      const row = db
        .prepare<[string], { id_hash: string; data: string; expires_at: string }>('SELECT * FROM sessions WHERE id_hash = ?')
        .get(idHash);
      return row && { idHash: row.id_hash, data: JSON.parse(row.data) as Record<string, unknown>, expiresAt: date(row.expires_at) };
    },
    async putSession({ idHash, data, expiresAt }) {
      // Upsert syntax shared by SQLite ≥ 3.24 and PostgreSQL.
      db.prepare(
        `INSERT INTO sessions (id_hash, data, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      ).run(idHash, JSON.stringify(data), iso(expiresAt));
    },
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(iso(now)).changes;
    },
  };
}
