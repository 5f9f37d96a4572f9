// The provisioning outbox, written once for both engines. A claim is one transaction that selects the due
// rows, locking them (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the one writer
// lock), and leases them: two instances' workers never lease the same row, and only the oldest pending row
// of a subject is claimable (per-subject order).
import { affected, atomically, chunksOf, countRows, type RowOf, rowMapper, snakeColumns, type WithGenerated } from '@samlbridge/web';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Sql } from './dialect.js';
import type { NewOutboxEntry, OutboxCounts, OutboxEntry } from './provisioning-types.js';

const COLUMNS = snakeColumns<OutboxEntry>()({
  text: ['applicationId', 'subject', 'action', 'status', 'attempts', 'leaseOwner', 'lastError'],
  date: ['nextAttemptAt', 'createdAt', 'updatedAt'],
  'date?': ['leaseUntil'],
  json: ['payload'],
  number: ['seq'],
});
export type OutboxTable = WithGenerated<RowOf<OutboxEntry, typeof COLUMNS>, 'seq'>;

/**
 * The claim's candidates: the `limit` oldest due pending rows that are their subject's oldest pending row, locked
 * (PostgreSQL: `FOR UPDATE SKIP LOCKED`). Walks the provisioning_outbox_queue index (status, seq) from the first
 * pending row, so its cost does not grow with the rows already delivered (query-plan test: outbox-query-plans).
 */
export function dueRowsQuery(db: Kysely<Database>, dialect: Sql['dialect'], now: Date, limit: number) {
  const t = dialect.toDbDate(now);
  return dialect.lockRows(
    db
      .selectFrom('provisioning_outbox as o')
      .select('o.seq')
      .where('o.status', '=', 'pending')
      .where('o.next_attempt_at', '<=', t)
      .where((eb) => eb.or([eb('o.lease_until', 'is', null), eb('o.lease_until', '<=', t)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('provisioning_outbox as p')
              .select('p.seq')
              .whereRef('p.application_id', '=', 'o.application_id')
              .whereRef('p.subject', '=', 'o.subject')
              .where('p.status', '=', 'pending')
              .whereRef('p.seq', '<', 'o.seq'),
          ),
        ),
      )
      .orderBy('o.seq')
      .limit(limit),
  );
}

export function outbox(ctx: Sql) {
  const { db, dialect } = ctx;
  const m = rowMapper<OutboxEntry, OutboxTable>(dialect, COLUMNS);
  /** The pending rows `owner` still holds the lease of. */
  const leased = (owner: string) => db.updateTable('provisioning_outbox').where('lease_owner', '=', owner).where('status', '=', 'pending');
  /** One of them. */
  const held = (seq: number, owner: string) => leased(owner).where('seq', '=', seq);
  /** Ends the lease with `update`'s changes; false when the lease was lost. */
  const release = async (update: ReturnType<typeof held>, now: Date) =>
    affected(await update.set({ lease_owner: null, lease_until: null, updated_at: dialect.toDbDate(now) }).executeTakeFirstOrThrow()) > 0;

  return {
    async enqueue(entries: NewOutboxEntry[], now: Date) {
      if (entries.length === 0) return;
      // Multi-row INSERTs of at most web's CHUNK rows (SQLite allows 32,766 bound parameters per statement, a
      // 10,000-member group binding needs 90,000), in one transaction: the entries of one call commit together
      // and get increasing seq values in the order given.
      const rows = entries.map(
        (e) =>
          m.toPatch({
            ...e,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
            updatedAt: now,
          }) as Insertable<OutboxTable>,
      );
      await atomically(db, async (trx) => {
        for (const chunk of chunksOf(rows)) await trx.insertInto('provisioning_outbox').values(chunk).execute();
      });
    },
    /**
     * Atomically leases up to `limit` due rows to `owner` until `now + leaseMs`: only the oldest pending row of each
     * subject (so per-subject order holds), never a row another worker holds an unexpired lease on. SQLite: one
     * write transaction; PostgreSQL: `FOR UPDATE SKIP LOCKED`.
     */
    async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
      return atomically(db, async (trx) => {
        const due = await dueRowsQuery(trx, dialect, now, limit).execute();
        if (due.length === 0) return [];
        const rows = await trx
          .updateTable('provisioning_outbox')
          .set({ lease_owner: owner, lease_until: dialect.toDbDate(new Date(now.getTime() + leaseMs)) })
          .where(
            'seq',
            'in',
            due.map((r) => r.seq),
          )
          .returningAll()
          .execute();
        return rows.map(m.fromRow).sort((a, b) => a.seq - b.seq);
      });
    },
    /** Extends `owner`'s leases on these pending rows to `until` (a working instance keeps short leases alive). */
    async renewLeases(owner: string, seqs: number[], until: Date) {
      if (seqs.length === 0) return 0;
      return affected(
        await leased(owner)
          .set({ lease_until: dialect.toDbDate(until) })
          .where('seq', 'in', seqs)
          .executeTakeFirstOrThrow(),
      );
    },
    /** Gives back every pending row `owner` still leases (a stopping instance): another worker may take them at once. */
    releaseLeases: async (owner: string) =>
      affected(await leased(owner).set({ lease_owner: null, lease_until: null }).executeTakeFirstOrThrow()),
    /** Marks the row done, only while `owner` still holds it. Returns false when the lease was lost. */
    complete: (seq: number, owner: string, now: Date) => release(held(seq, owner).set({ status: 'done', last_error: null }), now),
    /** Back to pending, due at `nextAttemptAt`, attempts + 1 when `countAttempt`. */
    retry: (seq: number, owner: string, nextAttemptAt: Date, error: string, now: Date, countAttempt = true) =>
      release(
        held(seq, owner).set((eb) => ({
          attempts: eb('attempts', '+', countAttempt ? 1 : 0),
          next_attempt_at: dialect.toDbDate(nextAttemptAt),
          last_error: error,
        })),
        now,
      ),
    /** Permanent failure (kept for the portal, no more attempts). */
    fail: (seq: number, owner: string, error: string, now: Date) =>
      release(
        held(seq, owner).set((eb) => ({ status: 'failed', attempts: eb('attempts', '+', 1), last_error: error })),
        now,
      ),
    async counts(applicationId: string): Promise<OutboxCounts> {
      const rows = await db
        .selectFrom('provisioning_outbox')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .where('application_id', '=', applicationId)
        .groupBy('status')
        .execute();
      const counts: OutboxCounts = { pending: 0, failed: 0, done: 0 };
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },
    /** Pending rows of one subject (per-user status: "changes waiting"). */
    pendingCount: (applicationId: string, subject: string) =>
      countRows(
        db
          .selectFrom('provisioning_outbox')
          .where('application_id', '=', applicationId)
          .where('subject', '=', subject)
          .where('status', '=', 'pending'),
      ),
    /** Whether any of these subjects has a pending row (a group waits for its members), in one query per 500 subjects. */
    async anyPending(applicationId: string, subjects: string[]) {
      for (const chunk of chunksOf(subjects)) {
        const row = await db
          .selectFrom('provisioning_outbox')
          .select('seq')
          .where('application_id', '=', applicationId)
          .where('status', '=', 'pending')
          .where('subject', 'in', chunk)
          .limit(1)
          .executeTakeFirst();
        if (row) return true;
      }
      return false;
    },
    /** Earliest `nextAttemptAt` of a pending row, so an idle worker knows when to wake. */
    async nextDueAt() {
      const row = await db
        .selectFrom('provisioning_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('t'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.t ? dialect.fromDbDate(row.t) : undefined;
    },
    /** Deletes done rows older than `before`. */
    async purgeDone(before: Date) {
      const result = await db
        .deleteFrom('provisioning_outbox')
        .where('status', '=', 'done')
        .where('updated_at', '<', dialect.toDbDate(before))
        .executeTakeFirstOrThrow();
      return affected(result);
    },
  };
}
