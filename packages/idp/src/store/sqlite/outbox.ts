import type { SqliteDatabase } from '@samlbridge/web';
import type { OutboxAction, OutboxEntry, OutboxRepository, OutboxStatus } from '../provisioning-types.js';
import { date, iso } from './util.js';

interface Row {
  seq: number;
  application_id: string;
  subject: string;
  action: OutboxAction;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

function toEntry(r: Row): OutboxEntry {
  return {
    seq: r.seq,
    applicationId: r.application_id,
    subject: r.subject,
    action: r.action,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: date(r.next_attempt_at),
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until === null ? null : date(r.lease_until),
    lastError: r.last_error,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

// Only the oldest pending row of a subject is claimable: per-subject (per-user) order.
const CLAIMABLE = `
  SELECT * FROM provisioning_outbox o
  WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)
    AND NOT EXISTS (
      SELECT 1 FROM provisioning_outbox p
      WHERE p.application_id = o.application_id AND p.subject = o.subject AND p.status = 'pending' AND p.seq < o.seq)
  ORDER BY o.seq LIMIT ?`;

export function sqliteOutbox(db: SqliteDatabase): OutboxRepository {
  const insert = db.prepare(
    `INSERT INTO provisioning_outbox (application_id, subject, action, payload, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
  );
  const claimable = db.prepare<[string, string, number], Row>(CLAIMABLE);
  const lease = db.prepare(`UPDATE provisioning_outbox SET lease_owner = ?, lease_until = ? WHERE seq = ?`);
  // SQLite serialises writers; IMMEDIATE takes the write lock before the SELECT, so two processes
  // sharing the file cannot lease the same row.
  const claimTx = db.transaction((owner: string, now: string, until: string, limit: number) => {
    const rows = claimable.all(now, now, limit);
    for (const r of rows) lease.run(owner, until, r.seq);
    return rows.map((r) => ({ ...toEntry(r), leaseOwner: owner, leaseUntil: date(until) }));
  });
  const held = `WHERE seq = ? AND lease_owner = ? AND status = 'pending'`;
  return {
    async enqueue(entries, now) {
      const t = iso(now);
      db.transaction(() => {
        for (const e of entries) insert.run(e.applicationId, e.subject, e.action, JSON.stringify(e.payload), t, t, t);
      })();
    },
    async claim(owner, now, leaseMs, limit) {
      return claimTx.immediate(owner, iso(now), iso(new Date(now.getTime() + leaseMs)), limit);
    },
    async complete(seq, owner, now) {
      const r = db
        .prepare(
          `UPDATE provisioning_outbox SET status = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = ? ${held}`,
        )
        .run(iso(now), seq, owner);
      return r.changes > 0;
    },
    async retry(seq, owner, nextAttemptAt, error, now, countAttempt = true) {
      const r = db
        .prepare(
          `UPDATE provisioning_outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? ${held}`,
        )
        .run(countAttempt ? 1 : 0, iso(nextAttemptAt), error, iso(now), seq, owner);
      return r.changes > 0;
    },
    async fail(seq, owner, error, now) {
      const r = db
        .prepare(
          `UPDATE provisioning_outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? ${held}`,
        )
        .run(error, iso(now), seq, owner);
      return r.changes > 0;
    },
    async counts(applicationId) {
      const rows = db
        .prepare<[string], { status: OutboxStatus; n: number }>(
          'SELECT status, COUNT(*) AS n FROM provisioning_outbox WHERE application_id = ? GROUP BY status',
        )
        .all(applicationId);
      const counts = { pending: 0, failed: 0, done: 0 };
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },
    async pendingCount(applicationId, subject) {
      return (
        db
          .prepare<[string, string], { n: number }>(
            `SELECT COUNT(*) AS n FROM provisioning_outbox WHERE application_id = ? AND subject = ? AND status = 'pending'`,
          )
          .get(applicationId, subject)?.n ?? 0
      );
    },
    async nextDueAt() {
      const row = db
        .prepare<[], { t: string | null }>(`SELECT MIN(next_attempt_at) AS t FROM provisioning_outbox WHERE status = 'pending'`)
        .get();
      return row?.t ? date(row.t) : undefined;
    },
    async purgeDone(before) {
      return db.prepare(`DELETE FROM provisioning_outbox WHERE status = 'done' AND updated_at < ?`).run(iso(before)).changes;
    },
  };
}
