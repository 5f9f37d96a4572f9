// Per-integration provisioning pauses, written once for both engines: when an application answers 429 (or 503 with
// Retry-After, RFC 9110 §10.2.3) or has used its request quota, or is unreachable, the worker that saw it stores
// "paused until" here and defers the application's due outbox rows to that time in the same transaction, so every
// worker of every instance sharing the database holds off, without counting an attempt against any row.
import { type DbTimestamp, inTransaction } from '@samlbridge/web';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import type { Sql } from './dialect.js';

export type PauseReason = 'rate_limited' | 'quota_used' | 'unavailable';

export interface ProvisioningPause {
  applicationId: string;
  pausedUntil: Date;
  reason: PauseReason;
  /** Consecutive "unavailable" pauses (the probe backoff of an outage); 0 for rate limits. */
  outages: number;
  updatedAt: Date;
}

export interface ProvisioningPauseRepository {
  /** The stored pauses of these applications (any age: callers compare `pausedUntil` with now). */
  list(applicationIds: string[]): Promise<ProvisioningPause[]>;
  /**
   * Pauses the application until `until` (never shortens a longer stored pause) and moves its pending, unleased
   * rows due before `until` to `until`. Returns the pause in force afterwards.
   */
  pause(applicationId: string, until: Date, reason: PauseReason, outages: number, now: Date): Promise<ProvisioningPause>;
  /** The application answered again: forget the outage count (a stored rate-limit pause simply runs out). */
  clearOutages(applicationId: string, now: Date): Promise<void>;
}

export interface ProvisioningPausesTable {
  application_id: string;
  paused_until: DbTimestamp;
  reason: PauseReason;
  outages: number;
  updated_at: DbTimestamp;
}

export function provisioningPauses({ db, dialect }: Sql): ProvisioningPauseRepository {
  const atomically = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? fn(db) : inTransaction(db, fn));
  const fromRow = (r: Selectable<ProvisioningPausesTable>): ProvisioningPause => ({
    applicationId: r.application_id,
    pausedUntil: dialect.fromDbDate(r.paused_until),
    reason: r.reason,
    outages: Number(r.outages),
    updatedAt: dialect.fromDbDate(r.updated_at),
  });
  return {
    async list(applicationIds) {
      if (applicationIds.length === 0) return [];
      const rows = await db.selectFrom('provisioning_pauses').selectAll().where('application_id', 'in', applicationIds).execute();
      return rows.map(fromRow);
    },
    pause(applicationId, until, reason, outages, now) {
      return atomically(async (trx) => {
        const existing = await trx
          .selectFrom('provisioning_pauses')
          .selectAll()
          .where('application_id', '=', applicationId)
          .executeTakeFirst();
        const current = existing ? fromRow(existing) : undefined;
        let result: ProvisioningPause = { applicationId, pausedUntil: until, reason, outages, updatedAt: now };
        if (current && current.pausedUntil.getTime() >= until.getTime()) {
          result = { ...current, outages: Math.max(current.outages, outages) };
        }
        const values = {
          application_id: applicationId,
          paused_until: dialect.toDbDate(result.pausedUntil),
          reason: result.reason,
          outages: result.outages,
          updated_at: dialect.toDbDate(now),
        };
        await trx
          .insertInto('provisioning_pauses')
          .values(values)
          .onConflict((oc) =>
            oc.column('application_id').doUpdateSet({
              paused_until: values.paused_until,
              reason: values.reason,
              outages: values.outages,
              updated_at: values.updated_at,
            }),
          )
          .execute();
        const t = dialect.toDbDate(result.pausedUntil);
        const n = dialect.toDbDate(now);
        await trx
          .updateTable('provisioning_outbox')
          .set({ next_attempt_at: t })
          .where('application_id', '=', applicationId)
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<', t)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', n)]))
          .execute();
        return result;
      });
    },
    async clearOutages(applicationId, now) {
      await db
        .updateTable('provisioning_pauses')
        .set({ outages: 0, updated_at: dialect.toDbDate(now) })
        .where('application_id', '=', applicationId)
        .where('outages', '>', 0)
        .execute();
    },
  };
}
