// The `sessions` table both apps keep (id_hash, data, expires_at), written once per database:
// SQLite stores data as JSON text and times as ISO-8601 strings; PostgreSQL as JSONB and timestamptz.
import { type PgQueryable, pgJson } from './postgres-pool.js';
import type { SessionStore } from './session.js';
import type { SqliteDatabase } from './sqlite.js';

/** A session store that can also drop expired rows (sessions are created for anonymous form views too). */
export interface SweepableSessionStore extends SessionStore {
  deleteExpired(now: Date): Promise<number>;
}

// The same upsert on both (SQLite ≥ 3.24 and PostgreSQL): one statement, last write wins.
const ON_CONFLICT = 'ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at';

export function sqliteSessionStore(db: SqliteDatabase): SweepableSessionStore {
  return {
    async getSession(idHash) {
      const row = db
        .prepare<[string], { data: string; expires_at: string }>('SELECT data, expires_at FROM sessions WHERE id_hash = ?')
        .get(idHash);
      return row && { idHash, data: JSON.parse(row.data) as Record<string, unknown>, expiresAt: new Date(row.expires_at) };
    },
    async putSession({ idHash, data, expiresAt }) {
      db.prepare(`INSERT INTO sessions (id_hash, data, expires_at) VALUES (?, ?, ?) ${ON_CONFLICT}`).run(
        idHash,
        JSON.stringify(data),
        expiresAt.toISOString(),
      );
    },
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
    },
  };
}

export function postgresSessionStore(db: PgQueryable): SweepableSessionStore {
  return {
    async getSession(idHash) {
      const { rows } = await db.query<{ data: Record<string, unknown>; expires_at: Date }>(
        'SELECT data, expires_at FROM sessions WHERE id_hash = $1',
        [idHash],
      );
      const row = rows[0];
      return row && { idHash, data: row.data, expiresAt: row.expires_at };
    },
    async putSession({ idHash, data, expiresAt }) {
      await db.query(`INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) ${ON_CONFLICT}`, [
        idHash,
        pgJson(data),
        expiresAt,
      ]);
    },
    async deleteSession(idHash) {
      await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteExpired(now) {
      return (await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
  };
}
