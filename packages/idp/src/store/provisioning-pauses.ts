// Per-integration provisioning pauses, written once for both engines: when an application answers 429 (or 503 with
// Retry-After, RFC 9110 §10.2.3) or has used its request quota, or is unreachable, the worker that saw it stores
// "paused until" here and defers the application's due outbox rows to that time in the same transaction, so every
// worker of every instance sharing the database holds off, without counting an attempt against any row.
import { atomically, type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Kysely } from 'kysely';
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

const COLUMNS = snakeColumns<ProvisioningPause>()({
  text: ['applicationId', 'reason'],
  date: ['pausedUntil', 'updatedAt'],
  number: ['outages'],
});
export type ProvisioningPausesTable = RowOf<ProvisioningPause, typeof COLUMNS>;

export function provisioningPauses({ db, dialect }: Sql) {
  const pauses = (on: Kysely<Database>) => table<ProvisioningPause, ProvisioningPausesTable>(on, dialect, 'provisioning_pauses', COLUMNS);
  return {
    /** The stored pauses of these applications (any age: callers compare `pausedUntil` with now). */
    async list(applicationIds: string[]) {
      if (applicationIds.length === 0) return [];
      const rows = await db.selectFrom('provisioning_pauses').selectAll().where('application_id', 'in', applicationIds).execute();
      return rows.map(pauses(db).fromRow);
    },
    /**
     * Pauses the application until `until` (never shortens a longer stored pause) and moves its pending, unleased
     * rows due before `until` to `until`. Returns the pause in force afterwards.
     */
    pause(applicationId: string, until: Date, reason: PauseReason, outages: number, now: Date) {
      return atomically(db, async (trx) => {
        const t = pauses(trx);
        const current = await t.find({ application_id: applicationId });
        let result: ProvisioningPause = { applicationId, pausedUntil: until, reason, outages, updatedAt: now };
        if (current && current.pausedUntil.getTime() >= until.getTime()) {
          result = { ...current, outages: Math.max(current.outages, outages) };
        }
        await t.upsert({ ...result, updatedAt: now }, ['application_id']);
        const due = dialect.toDbDate(result.pausedUntil);
        const n = dialect.toDbDate(now);
        await trx
          .updateTable('provisioning_outbox')
          .set({ next_attempt_at: due })
          .where('application_id', '=', applicationId)
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<', due)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', n)]))
          .execute();
        return result;
      });
    },
    /** The application answered again: forget the outage count (a stored rate-limit pause simply runs out). */
    async clearOutages(applicationId: string, now: Date) {
      await db
        .updateTable('provisioning_pauses')
        .set({ outages: 0, updated_at: dialect.toDbDate(now) })
        .where('application_id', '=', applicationId)
        .where('outages', '>', 0)
        .execute();
    },
  };
}
