import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { IdpEvent } from '../../domain.js';
import type { EventRepository } from '../types.js';
import { C } from './util.js';

interface Row {
  id: string;
  time: Date;
  type: IdpEvent['type'];
  initiator: string;
  user_id: string | null;
  username: string | null;
  resource: string | null;
  application: string | null;
  success: boolean;
  reason: string | null;
  detail: Record<string, unknown>;
}

const toEvent = (r: Row): IdpEvent => ({
  id: r.id,
  time: r.time,
  type: r.type,
  initiator: r.initiator,
  userId: r.user_id,
  username: r.username,
  resource: r.resource,
  application: r.application,
  success: r.success,
  reason: r.reason,
  detail: r.detail,
});

export function postgresEvents(db: PgQueryable): EventRepository {
  return {
    async insert(e) {
      await db.query(
        `INSERT INTO events (id, time, type, initiator, user_id, username, resource, application, success, reason, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [e.id, e.time, e.type, e.initiator, e.userId, e.username, e.resource, e.application, e.success, e.reason, pgJson(e.detail)],
      );
    },
    async list({ type, application, user, success, from, to, limit, offset }) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (condition: (p: string) => string, value: unknown) => {
        values.push(value);
        where.push(condition(`$${values.length}`));
      };
      if (type !== undefined) add((p) => `type = ${p}`, type);
      if (application !== undefined) add((p) => `application = ${p}`, application);
      if (user !== undefined) add((p) => `(user_id = ${p} OR username = ${p})`, user);
      if (success !== undefined) add((p) => `success = ${p}`, success);
      if (from !== undefined) add((p) => `time >= ${p}`, from);
      if (to !== undefined) add((p) => `time <= ${p}`, to);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const n = values.length;
      const { rows } = await db.query<Row>(
        `SELECT * FROM events ${clause} ORDER BY time DESC, id ${C} DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...values, limit, offset],
      );
      const count = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM events ${clause}`, values);
      return { items: rows.map(toEvent), total: count.rows[0]?.n ?? 0, limit, offset };
    },
  };
}
