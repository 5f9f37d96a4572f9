// What /metrics reports about the provisioning outbox: rows waiting, the age of the oldest, permanent failures.
import type { Sql } from './dialect.js';

export interface OutboxStats {
  pending: number;
  failed: number;
  /** created_at of the oldest pending row, if any. */
  oldestPendingAt: Date | undefined;
}

export function outboxStats({ db, dialect }: Sql) {
  return {
    async stats(): Promise<OutboxStats> {
      const rows = await db
        .selectFrom('provisioning_outbox')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
        .where('status', 'in', ['pending', 'failed'])
        .groupBy('status')
        .execute();
      const pending = rows.find((r) => r.status === 'pending');
      const failed = rows.find((r) => r.status === 'failed');
      return {
        pending: Number(pending?.n ?? 0),
        failed: Number(failed?.n ?? 0),
        oldestPendingAt: pending?.oldest ? dialect.fromDbDate(pending.oldest) : undefined,
      };
    },
  };
}
