// The provisioning outbox at scale (migration 2026-12-03-141, ARCHITECTURE.md §5): provisioning_outbox_queue
// (status, seq) serves the claim (store/outbox.ts `dueRowsQuery`), which walks the pending rows in seq order and stops
// after `limit`. The legacy SQLite schema has it; the legacy PostgreSQL schema had only (status, next_attempt_at), so
// PostgreSQL walked the primary key and filtered out every delivered row first: each claim cost grew with the rows
// already delivered, and a 100,000-user binding took quadratic time. One statement on both engines (on SQLite a no-op).
// Not added on SQLite: a (status, next_attempt_at) index, which its planner prefers for the claim, then sorting every
// due row.
import type { AnyKysely } from '@samlbridge/web';

export async function createOutboxQueueIndex(db: AnyKysely): Promise<void> {
  await db.schema.createIndex('provisioning_outbox_queue').ifNotExists().on('provisioning_outbox').columns(['status', 'seq']).execute();
}
