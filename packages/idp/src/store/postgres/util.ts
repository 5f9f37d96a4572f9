import { type PgQueryable, pgGuarded } from '@samlbridge/web';

/** The old NFC + lower-case key: the same as the SQLite store's `key` (see there). */
export function key(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/** Field named in the 409 of a unique violation on `table.column` (the same names the SQLite store uses). */
const FIELD_BY_COLUMN: Record<string, string> = {
  'users.username_key': 'username',
  'users.email_key': 'email',
  'users.username_precis_key': 'username',
  'users.email_precis_key': 'email',
  'user_groups.name_key': 'name',
  'applications.name': 'name',
  'admins.email_key': 'email',
  'api_keys.name': 'name',
};

/** Runs a write and maps unique violations to the 409 `conflict`. */
export function guarded<T>(fn: () => Promise<T>): Promise<T> {
  return pgGuarded(FIELD_BY_COLUMN, fn);
}

/** Byte-wise ordering, like SQLite's default BINARY collation, whatever the server's locale. */
export const C = 'COLLATE "C"';

/** `SET a = $1, b = $2` pieces for a patch; `columns` maps each patch field to its column and stored value. */
export function setClause(
  patch: Record<string, unknown>,
  columns: Record<string, [string, (v: never) => unknown]>,
  values: unknown[],
): string[] {
  const sets: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const column = columns[field];
    if (!column || value === undefined) continue;
    values.push((column[1] as (v: unknown) => unknown)(value));
    sets.push(`${column[0]} = $${values.length}`);
  }
  return sets;
}

/** COUNT(*) of a query (0 when no row). */
export const count = async (db: PgQueryable, sql: string, values: unknown[]): Promise<number> =>
  (await db.query<{ n: number }>(sql, values)).rows[0]?.n ?? 0;

/** True when the statement changed at least one row. */
export const changed = async (db: PgQueryable, sql: string, values: unknown[]): Promise<boolean> =>
  ((await db.query(sql, values)).rowCount ?? 0) > 0;
