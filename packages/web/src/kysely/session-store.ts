// Web's SessionStore over the `sessions` table (id_hash, data, expires_at), written once for both engines.
import type { Kysely } from 'kysely';
import type { SessionStore } from '../session.js';
import { affected } from './constraints.js';
import { precompiled } from './precompiled.js';
import type { SqlDialect } from './sql-dialect.js';
import type { WebTables } from './web-tables.js';

/** A session store that can also drop expired rows (sessions are created for anonymous form views too). */
export interface SweepableSessionStore extends SessionStore {
  deleteExpired(now: Date): Promise<number>;
}

export function kyselySessionStore<DB extends WebTables>(database: Kysely<DB>, dialect: SqlDialect): SweepableSessionStore {
  const db = database as unknown as Kysely<WebTables>;
  // Read on every request that carries a session cookie: compiled once (precompiled.ts).
  const read = precompiled(db, (p: (name: 'idHash') => string) =>
    db.selectFrom('sessions').select(['data', 'expires_at']).where('id_hash', '=', p('idHash')),
  );
  return {
    async getSession(idHash) {
      const row = (await read({ idHash })).rows[0];
      return row && { idHash, data: dialect.fromDbJson(row.data), expiresAt: dialect.fromDbDate(row.expires_at) };
    },
    async putSession({ idHash, data, expiresAt }) {
      // One statement, last write wins.
      await db
        .insertInto('sessions')
        .values({ id_hash: idHash, data: dialect.toDbJson(data), expires_at: dialect.toDbDate(expiresAt) })
        .onConflict((oc) =>
          oc.column('id_hash').doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), expires_at: eb.ref('excluded.expires_at') })),
        )
        .execute();
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteExpired(now) {
      return affected(await db.deleteFrom('sessions').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}
