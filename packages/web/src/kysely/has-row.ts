// Whether a table has a row: the existence checks repositories of both apps make (a rule set, a session ended).
import type { AnyKysely } from './sql-dialect.js';

/** Whether `table` has a row with every `column = value` of `where` (reads the first column named, nothing else). */
export async function hasRow(db: AnyKysely, table: string, where: Record<string, unknown>): Promise<boolean> {
  const [first] = Object.keys(where);
  if (first === undefined) throw new Error('hasRow needs at least one column to match');
  let query = db.selectFrom(table).select(first);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  return (await query.executeTakeFirst()) !== undefined;
}
