// The provisioning outbox (issue 4) on PostgreSQL. The claim is one statement with FOR UPDATE SKIP
// LOCKED: two instances' workers never lease the same row, and only the oldest pending row of a
// subject is claimable (per-subject order).
import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { OutboxEntry, OutboxRepository, OutboxStatus } from '../provisioning-types.js';
import { changed, count } from './util.js';

interface OutboxRow {
  seq: number;
  application_id: string;
  subject: string;
  action: OutboxEntry['action'];
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

const toEntry = (r: OutboxRow): OutboxEntry => ({
  seq: r.seq,
  applicationId: r.application_id,
  subject: r.subject,
  action: r.action,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  leaseOwner: r.lease_owner,
  leaseUntil: r.lease_until,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function postgresOutbox(db: PgQueryable): OutboxRepository {
  const held = `WHERE seq = $1 AND lease_owner = $2 AND status = 'pending'`;
  return {
    async enqueue(entries, now) {
      if (entries.length === 0) return;
      // One multi-row INSERT: the entries of one call get consecutive seq values, atomically.
      const values: unknown[] = [now];
      const rows = entries.map((e) => {
        values.push(e.applicationId, e.subject, e.action, pgJson(e.payload));
        const n = values.length;
        return `($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 'pending', 0, $1, $1, $1)`;
      });
      const sql = `INSERT INTO provisioning_outbox (application_id, subject, action, payload, status, attempts, next_attempt_at, created_at, updated_at)
        VALUES ${rows.join(', ')}`;
      await db.query(sql, values);
    },
    async claim(owner, now, leaseMs, limit) {
      const { rows } = await db.query<OutboxRow>(
        `WITH due AS (
           SELECT o.seq FROM provisioning_outbox o
           WHERE o.status = 'pending' AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until <= $1)
             AND NOT EXISTS (
               SELECT 1 FROM provisioning_outbox p
               WHERE p.application_id = o.application_id AND p.subject = o.subject AND p.status = 'pending' AND p.seq < o.seq)
           ORDER BY o.seq LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE provisioning_outbox o SET lease_owner = $3, lease_until = $4 FROM due WHERE o.seq = due.seq RETURNING o.*`,
        [now, limit, owner, new Date(now.getTime() + leaseMs)],
      );
      return rows.map(toEntry).sort((a, b) => a.seq - b.seq);
    },
    complete: (seq, owner, now) =>
      changed(
        db,
        `UPDATE provisioning_outbox SET status = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = $3 ${held}`,
        [seq, owner, now],
      ),
    retry: (seq, owner, nextAttemptAt, error, now, countAttempt = true) =>
      changed(
        db,
        `UPDATE provisioning_outbox SET attempts = attempts + $3, next_attempt_at = $4, last_error = $5, lease_owner = NULL, lease_until = NULL,
           updated_at = $6 ${held}`,
        [seq, owner, countAttempt ? 1 : 0, nextAttemptAt, error, now],
      ),
    fail: (seq, owner, error, now) =>
      changed(
        db,
        `UPDATE provisioning_outbox SET status = 'failed', attempts = attempts + 1, last_error = $3, lease_owner = NULL, lease_until = NULL,
           updated_at = $4 ${held}`,
        [seq, owner, error, now],
      ),
    async counts(applicationId) {
      const { rows } = await db.query<{ status: OutboxStatus; n: number }>(
        'SELECT status, COUNT(*) AS n FROM provisioning_outbox WHERE application_id = $1 GROUP BY status',
        [applicationId],
      );
      const counts = { pending: 0, failed: 0, done: 0 };
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },
    pendingCount: (applicationId, subject) =>
      count(db, `SELECT COUNT(*) AS n FROM provisioning_outbox WHERE application_id = $1 AND subject = $2 AND status = 'pending'`, [
        applicationId,
        subject,
      ]),
    async nextDueAt() {
      const { rows } = await db.query<{ t: Date | null }>(
        `SELECT MIN(next_attempt_at) AS t FROM provisioning_outbox WHERE status = 'pending'`,
      );
      return rows[0]?.t ?? undefined;
    },
    async purgeDone(before) {
      return (await db.query(`DELETE FROM provisioning_outbox WHERE status = 'done' AND updated_at < $1`, [before])).rowCount ?? 0;
    },
  };
}
