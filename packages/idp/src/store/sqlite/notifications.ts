import type { SqliteDatabase } from '@samlbridge/web';
import type { NotificationRepository, PortalNotification } from '../provisioning-types.js';
import { date, iso } from './util.js';

interface Row {
  id: string;
  time: string;
  application_id: string | null;
  kind: string;
  message: string;
  read: number;
}

const toNotification = (r: Row): PortalNotification => ({
  id: r.id,
  time: date(r.time),
  applicationId: r.application_id,
  kind: r.kind,
  message: r.message,
  read: r.read === 1,
});

export function sqliteNotifications(db: SqliteDatabase): NotificationRepository {
  return {
    async insert(n) {
      db.prepare('INSERT INTO portal_notifications (id, time, application_id, kind, message, read) VALUES (?, ?, ?, ?, ?, ?)').run(
        n.id,
        iso(n.time),
        n.applicationId,
        n.kind,
        n.message,
        n.read ? 1 : 0,
      );
    },
    async list({ limit, offset, unreadOnly }) {
      const where = unreadOnly ? 'WHERE read = 0' : '';
      const rows = db
        .prepare<[number, number], Row>(`SELECT * FROM portal_notifications ${where} ORDER BY time DESC, id LIMIT ? OFFSET ?`)
        .all(limit, offset);
      const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM portal_notifications ${where}`).get()?.n ?? 0;
      return { items: rows.map(toNotification), total, limit, offset };
    },
    async markRead(id) {
      return db.prepare('UPDATE portal_notifications SET read = 1 WHERE id = ?').run(id).changes > 0;
    },
  };
}
