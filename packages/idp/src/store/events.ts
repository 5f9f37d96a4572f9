// Directory Insights events, written once for both engines.
import type { Selectable } from 'kysely';
import type { IdpEvent } from '../domain.js';
import type { EventsTable } from './database.js';
import type { Sql } from './dialect.js';
import type { EventRepository } from './types.js';

export function events({ db, dialect }: Sql): EventRepository {
  const toEvent = (r: Selectable<EventsTable>): IdpEvent => ({
    id: r.id,
    time: dialect.fromDbDate(r.time),
    type: r.type,
    initiator: r.initiator,
    userId: r.user_id,
    username: r.username,
    resource: r.resource,
    application: r.application,
    success: dialect.fromDbBool(r.success),
    reason: r.reason,
    detail: dialect.fromDbJson(r.detail),
  });
  return {
    async insert(e) {
      await db
        .insertInto('events')
        .values({
          id: e.id,
          time: dialect.toDbDate(e.time),
          type: e.type,
          initiator: e.initiator,
          user_id: e.userId,
          username: e.username,
          resource: e.resource,
          application: e.application,
          success: dialect.toDbBool(e.success),
          reason: e.reason,
          detail: dialect.toDbJson(e.detail),
        })
        .execute();
    },
    async setDetail(id, detail) {
      await db
        .updateTable('events')
        .set({ detail: dialect.toDbJson(detail) })
        .where('id', '=', id)
        .execute();
    },
    async list({ type, application, user, success, from, to, limit, offset }) {
      let query = db.selectFrom('events');
      if (type !== undefined) query = query.where('type', '=', type as IdpEvent['type']);
      if (application !== undefined) query = query.where('application', '=', application);
      if (user !== undefined) query = query.where((eb) => eb.or([eb('user_id', '=', user), eb('username', '=', user)]));
      if (success !== undefined) query = query.where('success', '=', dialect.toDbBool(success));
      if (from !== undefined) query = query.where('time', '>=', dialect.toDbDate(from));
      if (to !== undefined) query = query.where('time', '<=', dialect.toDbDate(to));
      const rows = await query
        .selectAll()
        .orderBy('time', 'desc')
        .orderBy(dialect.binary('id'), 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map(toEvent), total: Number(total.n), limit, offset };
    },
  };
}
