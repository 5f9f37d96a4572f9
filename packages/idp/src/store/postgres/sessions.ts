import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { SessionRepository } from '../types.js';

export function postgresSessions(db: PgQueryable): SessionRepository {
  return {
    async getSession(idHash) {
      const { rows } = await db.query<{ id_hash: string; data: Record<string, unknown>; expires_at: Date }>(
        'SELECT * FROM sessions WHERE id_hash = $1',
        [idHash],
      );
      const row = rows[0];
      return row && { idHash: row.id_hash, data: row.data, expiresAt: row.expires_at };
    },
    async putSession({ idHash, data, expiresAt }) {
      // One statement: atomic whichever instance writes (last write wins).
      await db.query(
        `INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
        [idHash, pgJson(data), expiresAt],
      );
    },
    async deleteSession(idHash) {
      await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteExpired(now) {
      return (await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
  };
}
