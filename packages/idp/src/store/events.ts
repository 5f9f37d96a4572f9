// Directory Insights events, written once for both engines.
import { pageOf, type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { EventFilter, IdpEvent } from '../domain.js';
import type { Sql } from './dialect.js';

const COLUMNS = snakeColumns<IdpEvent>()({
  text: ['id', 'type', 'initiator', 'userId', 'username', 'resource', 'application', 'reason'],
  date: ['time'],
  bool: ['success'],
  json: ['detail'],
});
export type EventsTable = RowOf<IdpEvent, typeof COLUMNS>;

export function events({ db, dialect }: Sql) {
  const t = table<IdpEvent, EventsTable>(db, dialect, 'events', COLUMNS);
  return {
    insert: (e: IdpEvent) => t.insert(e),
    /** Several in one statement (group-commit.ts). */
    insertMany: (es: readonly IdpEvent[]) => t.insertMany(es),
    /** Replaces one event's detail (the count of an aggregated rejection). */
    async setDetail(id: string, detail: Record<string, unknown>) {
      await t.update({ id }, { detail });
    },
    list({ type, application, user, success, from, to, ...page }: EventFilter & { limit: number; offset: number }) {
      let query = db.selectFrom('events');
      if (type !== undefined) query = query.where('type', '=', type as IdpEvent['type']);
      if (application !== undefined) query = query.where('application', '=', application);
      if (user !== undefined) query = query.where((eb) => eb.or([eb('user_id', '=', user), eb('username', '=', user)]));
      if (success !== undefined) query = query.where('success', '=', dialect.toDbBool(success));
      if (from !== undefined) query = query.where('time', '>=', dialect.toDbDate(from));
      if (to !== undefined) query = query.where('time', '<=', dialect.toDbDate(to));
      return pageOf(query, (q) => q.orderBy('time', 'desc').orderBy(dialect.binary('id'), 'desc'), t.fromRow, page);
    },
  };
}
