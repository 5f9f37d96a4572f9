// Audit events (the SP's sign-in and SCIM history), newest first.
import { type Columns, type RowOf, rowMapper } from '@samlbridge/web';
import type { Generated, Insertable, Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';
import type { AuditEvent, EventRepo } from './types.js';

const COLUMNS = {
  id: ['id', 'number'],
  tenant: 'tenant',
  type: 'type',
  time: ['time', 'date'],
  success: ['success', 'bool'],
  reason: 'reason',
  user: 'user_login',
  detail: 'detail',
} as const satisfies Columns<AuditEvent>;
export interface EventsTable extends Omit<RowOf<AuditEvent, typeof COLUMNS>, 'id'> {
  id: Generated<number>;
}

export function createEventRepo(db: Kysely<Database>, d: SpDialect): EventRepo {
  const m = rowMapper<AuditEvent, EventsTable>(d, COLUMNS);
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
