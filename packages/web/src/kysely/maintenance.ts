// Housekeeping statements both apps run from their periodic sweep, written once for both engines: stale login
// throttle rows, events past their retention (in small batches, so a sweep never holds the one SQLite writer or a
// PostgreSQL lock for long), and the write probe /readyz uses.
import { type Kysely, sql } from 'kysely';
import type { SqlDialect } from './sql-dialect.js';
import { countRows } from './table.js';
import { inTransaction } from './transaction.js';
import type { WebTables } from './web-tables.js';

export interface Maintenance {
  /**
   * Deletes login_throttle rows whose window started before `windowEndedBefore` and that hold no lock still in force:
   * such a row no longer changes any decision (the next attempt starts a new window).
   */
  deleteStaleThrottleRows(windowEndedBefore: Date, now: Date): Promise<number>;
  /** Deletes up to `batch` rows of `table` whose `timeColumn` is before `cutoff`, oldest first; returns how many. */
  pruneBatch(table: string, keyColumn: string, timeColumn: string, cutoff: Date, batch: number): Promise<number>;
  /** The names in `names` that the bookkeeping table does not list as applied for `component`. */
  missingMigrations(component: string, names: readonly string[]): Promise<string[]>;
  /** login_throttle keys locked at `now` (accounts and addresses refused). */
  lockedThrottleKeys(now: Date): Promise<number>;
  /** One write and its undo in one transaction: throws when the database cannot be written. */
  probeWrite(): Promise<void>;
}

const PROBE_KEY = 'readyz-write-probe';

export function kyselyMaintenance<DB extends WebTables>(database: Kysely<DB>, dialect: SqlDialect): Maintenance {
  const db = database as unknown as Kysely<WebTables>;
  return {
    async deleteStaleThrottleRows(windowEndedBefore, now) {
      const result = await db
        .deleteFrom('login_throttle')
        .where('window_start', '<', dialect.toDbDate(windowEndedBefore))
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', dialect.toDbDate(now))]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async pruneBatch(table, keyColumn, timeColumn, cutoff, batch) {
      const t = sql.table(table);
      const key = sql.ref(keyColumn);
      const time = sql.ref(timeColumn);
      const result = await sql`delete from ${t} where ${key} in (
          select ${key} from ${t} where ${time} < ${dialect.timestamp(cutoff)} order by ${time} limit ${dialect.integer(batch)})`.execute(
        db,
      );
      return Number(result.numAffectedRows ?? 0);
    },
    async missingMigrations(component, names) {
      const rows = await (db as unknown as Kysely<{ named_migrations: { component: string; name: string } }>)
        .selectFrom('named_migrations')
        .select('name')
        .where('component', '=', component)
        .execute();
      const applied = new Set(rows.map((r) => r.name));
      return names.filter((n) => !applied.has(n));
    },
    lockedThrottleKeys: (now) => countRows(db.selectFrom('login_throttle').where('locked_until', '>', dialect.toDbDate(now))),
    async probeWrite() {
      // A past expiry: even if the delete were lost, the row would be invisible and swept.
      const epoch = dialect.toDbDate(new Date(0));
      await inTransaction(db, async (trx) => {
        await trx
          .insertInto('sessions')
          .values({ id_hash: PROBE_KEY, data: dialect.toDbJson({}), expires_at: epoch })
          .onConflict((oc) => oc.column('id_hash').doUpdateSet({ expires_at: epoch }))
          .execute();
        await trx.deleteFrom('sessions').where('id_hash', '=', PROBE_KEY).execute();
      });
    },
  };
}

export interface RetentionOptions {
  /** Rows per DELETE (default 500). */
  batch?: number;
  /** Batches per sweep at most (default 200): a large backlog is worked off over several sweeps. */
  maxBatches?: number;
}

/** Deletes rows older than `cutoff` in batches of `batch` until none are left (or `maxBatches` ran). */
export async function pruneOlderThan(
  maintenance: Maintenance,
  table: { name: string; key: string; time: string },
  cutoff: Date,
  { batch = 500, maxBatches = 200 }: RetentionOptions = {},
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await maintenance.pruneBatch(table.name, table.key, table.time, cutoff, batch);
    total += n;
    if (n < batch) break;
    // Let requests waiting for the database in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}
