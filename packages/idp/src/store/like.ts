// Substring search for the list methods: one pattern, the same in SQLite and PostgreSQL.

/** The escape character every search's `LIKE … ESCAPE` clause names (SQL literal `'\'`). */
export const LIKE_ESCAPE_SQL = "ESCAPE '\\'";

/**
 * `%term%` for `lower(column) LIKE ? ESCAPE '\'`: lower-cased like the `*_key` columns, with the
 * LIKE wildcards (`%`, `_`) and the escape character itself made literal.
 */
export function containsPattern(search: string): string {
  const term = search
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return `%${term}%`;
}
