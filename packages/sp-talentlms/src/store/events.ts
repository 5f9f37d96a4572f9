// Audit events (the SP's sign-in and SCIM history), newest first.
import { type Columns, rowMapper } from '@samlbridge/web';
import type { Insertable, Kysely } from 'kysely';
import type { Database, EventsTable } from './database.js';
import type { SpDialect } from './dialect.js';
import type { AuditEvent, EventRepo } from './types.js';

const COLUMNS: Columns<AuditEvent, EventsTable> = {
  id: ['id', 'number'],
  tenant: 'tenant',
  type: 'type',
  time: ['time', 'date'],
  success: ['success', 'bool'],
  reason: 'reason',
  user: 'user_login',
  detail: 'detail',
};

export function createEventRepo(db: Kysely<Database>, d: SpDialect): EventRepo {
  const m = rowMapper(d, COLUMNS);
  return {
    async add(e) {
      const row = await db
        .insertInto('events')
        .values(m.toPatch(e) as Insertable<EventsTable>)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async setDetail(id, detail) {
      await db.updateTable('events').set({ detail }).where('id', '=', id).execute();
    },
    async list(tenant, { limit }) {
      const rows = await db.selectFrom('events').selectAll().where('tenant', '=', tenant).orderBy('id', 'desc').limit(limit).execute();
      return rows.map(m.fromRow);
    },
  };
}
