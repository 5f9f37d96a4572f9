// Audit events (the SP's sign-in and SCIM history), newest first.
import { type RowOf, rowMapper, snakeColumns, type WithGenerated } from '@samlbridge/web';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';
import type { AuditEvent, NewAuditEvent } from './types.js';

const COLUMNS = snakeColumns<AuditEvent>()(
  {
    text: ['tenant', 'type', 'reason', 'detail'],
    date: ['time'],
    bool: ['success'],
    number: ['id'],
  },
  {
    user: 'user_login',
  },
);
export type EventsTable = WithGenerated<RowOf<AuditEvent, typeof COLUMNS>, 'id'>;

export function createEventRepo(db: Kysely<Database>, d: SpDialect) {
  const m = rowMapper<AuditEvent, EventsTable>(d, COLUMNS);
  return {
    /** Returns the new row's id. */
    async add(e: NewAuditEvent) {
      const row = await db
        .insertInto('events')
        .values(m.toPatch(e) as Insertable<EventsTable>)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    /** Replaces one event's detail (the count of an aggregated rejection). */
    async setDetail(id: number, detail: string | null) {
      await db.updateTable('events').set({ detail }).where('id', '=', id).execute();
    },
    async list(tenant: string, { limit }: { limit: number }) {
      const rows = await db.selectFrom('events').selectAll().where('tenant', '=', tenant).orderBy('id', 'desc').limit(limit).execute();
      return rows.map(m.fromRow);
    },
  };
}
