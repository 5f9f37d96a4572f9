import type { SqliteDatabase } from '@samlbridge/web';
import type { IdpEvent } from '../../domain.js';
import type { EventRepository } from '../types.js';
import { date, iso } from './util.js';

interface Row {
  id: string;
  time: string;
  type: IdpEvent['type'];
  initiator: string;
  user_id: string | null;
  username: string | null;
  resource: string | null;
  application: string | null;
  success: number;
  reason: string | null;
  detail: string;
}

const toEvent = (r: Row): IdpEvent => ({
  id: r.id,
  time: date(r.time),
  type: r.type,
  initiator: r.initiator,
  userId: r.user_id,
  username: r.username,
  resource: r.resource,
  application: r.application,
  success: r.success === 1,
  reason: r.reason,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export function sqliteEvents(db: SqliteDatabase): EventRepository {
  return {
    async insert(e) {
      db.prepare(
        `INSERT INTO events (id, time, type, initiator, user_id, username, resource, application, success, reason, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        e.id,
        iso(e.time),
        e.type,
        e.initiator,
        e.userId,
        e.username,
        e.resource,
        e.application,
        e.success ? 1 : 0,
        e.reason,
        JSON.stringify(e.detail),
      );
    },
    async list({ type, application, user, success, from, to, limit, offset }) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (condition: string, ...params: unknown[]) => {
        where.push(condition);
        values.push(...params);
      };
      if (type !== undefined) add('type = ?', type);
      if (application !== undefined) add('application = ?', application);
      if (user !== undefined) add('(user_id = ? OR username = ?)', user, user);
      if (success !== undefined) add('success = ?', success ? 1 : 0);
      if (from !== undefined) add('time >= ?', iso(from));
      if (to !== undefined) add('time <= ?', iso(to));
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = db
        .prepare(`SELECT * FROM events ${clause} ORDER BY time DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...values, limit, offset) as Row[];
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM events ${clause}`).get(...values) as { n: number }).n;
      return { items: rows.map(toEvent), total, limit, offset };
    },
  };
}
