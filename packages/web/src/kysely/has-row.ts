// Row lookups repositories of both apps make alike: whether a row exists (a rule set, a session ended), and the row
// of a key while it has not expired (an invitation, a logout flow).
import type { AnyKysely, SqlDialect } from './sql-dialect.js';

/** Whether `table` has a row with every `column = value` of `where` (reads the first column named, nothing else). */
export async function hasRow(db: AnyKysely, table: string, where: Record<string, unknown>): Promise<boolean> {
  const [first] = Object.keys(where);
  if (first === undefined) throw new Error('hasRow needs at least one column to match');
  let query = db.selectFrom(table).select(first);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The row of `table` whose `column` is `value`, unless its `expires_at` has passed at `now` (an expired row is gone). */
export async function unexpiredRow<Row>(
  { db, dialect }: { db: AnyKysely; dialect: SqlDialect },
  table: string,
  column: string,
  value: unknown,
  now: Date,
): Promise<Row | undefined> {
  const keyed = db.selectFrom(table).selectAll().where(column, '=', value);
  return (await keyed.where('expires_at', '>', dialect.toDbDate(now)).executeTakeFirst()) as Row | undefined;
}
