// Audit events (the SP's sign-in and SCIM history), newest first.
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';
import type { EventRepo } from './types.js';

export function createEventRepo(db: Kysely<Database>, d: SpDialect): EventRepo {
  return {
    async add(e) {
      const row = await db
        .insertInto('events')
        .values({
          tenant: e.tenant,
          type: e.type,
          time: d.toDbDate(e.time),
          success: d.toDbBool(e.success),
          reason: e.reason,
          user_login: e.user,
          detail: e.detail,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async setDetail(id, detail) {
      await db.updateTable('events').set({ detail }).where('id', '=', id).execute();
    },
    async list(tenant, { limit }) {
      const rows = await db.selectFrom('events').selectAll().where('tenant', '=', tenant).orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        tenant: r.tenant,
        type: r.type,
        time: d.fromDbDate(r.time),
        success: d.fromDbBool(r.success),
        reason: r.reason,
        user: r.user_login,
        detail: r.detail,
      }));
    },
  };
}
