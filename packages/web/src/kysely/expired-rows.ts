// Rows past their expiry, deleted alike by the repositories of both apps: every expired row of a table of
// short-lived rows at once (login flows, held passwords, logout flows, …), or a batch of the oldest from a table
// that may hold many (sign-in traces), so one sweep never holds the table for long.
import { sql } from 'kysely';
import { affected } from './constraints.js';
import type { AnyKysely, SqlDialect } from './sql-dialect.js';

/**
 * Deletes the rows of `table` whose `expires_at` has passed at `now` and returns how many. A row ends at its expiry
 * (`expires_at <= now`), or with `{ inclusive: true }` counts until its expiry, inclusive (`expires_at < now`).
 */
export async function deleteExpired(
  { db, dialect }: { db: AnyKysely; dialect: SqlDialect },
  table: string,
  now: Date,
  { inclusive = false }: { inclusive?: boolean } = {},
): Promise<number> {
  return affected(
    await db
      .deleteFrom(table)
      .where('expires_at', inclusive ? '<' : '<=', dialect.toDbDate(now))
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Deletes up to `batch` rows of `table` whose `expires_at` (ISO-8601 text on both engines) is at or before `now`, the
 * oldest first; `keys` are the table's primary key columns. Returns how many went.
 */
export async function deleteExpiredBatch(db: AnyKysely, table: string, keys: readonly string[], now: Date, batch: number): Promise<number> {
  const key = sql.join(keys.map((k) => sql.ref(k)));
  const result = await sql`delete from ${sql.table(table)} where (${key}) in (
      select ${key} from ${sql.table(table)} where expires_at <= ${now.toISOString()} order by expires_at limit ${batch})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
