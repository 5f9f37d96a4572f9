import type { PgQueryable } from '@samlbridge/web';
import type { NotificationRepository, PortalNotification } from '../provisioning-types.js';
import { C, changed, count } from './util.js';

interface NotificationRow {
  id: string;
  time: Date;
  application_id: string | null;
  kind: string;
  message: string;
  read: boolean;
}

const toNotification = (r: NotificationRow): PortalNotification => ({
  id: r.id,
  time: r.time,
  applicationId: r.application_id,
  kind: r.kind,
  message: r.message,
  read: r.read,
});

export function postgresNotifications(db: PgQueryable): NotificationRepository {
  return {
    async insert(n) {
      await db.query('INSERT INTO portal_notifications (id, time, application_id, kind, message, read) VALUES ($1, $2, $3, $4, $5, $6)', [
        n.id,
        n.time,
        n.applicationId,
        n.kind,
        n.message,
        n.read,
      ]);
    },
    async list({ limit, offset, unreadOnly }) {
      const where = unreadOnly ? 'WHERE NOT read' : '';
      const { rows } = await db.query<NotificationRow>(
        `SELECT * FROM portal_notifications ${where} ORDER BY time DESC, id ${C} LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      const total = await count(db, `SELECT COUNT(*) AS n FROM portal_notifications ${where}`, []);
      return { items: rows.map(toNotification), total, limit, offset };
    },
    markRead: (id) => changed(db, 'UPDATE portal_notifications SET read = TRUE WHERE id = $1', [id]),
  };
}
