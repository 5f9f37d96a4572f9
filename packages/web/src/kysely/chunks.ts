// Long lists of values split for statements that bind one parameter per value (an IN list, a multi-row INSERT), so
// a statement stays far under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.

/** Values per statement: 500 ids per IN list, or 500 rows per INSERT (of up to 65 columns). */
export const CHUNK = 500;

/** `items` in runs of at most `size`, in order. */
export function* chunksOf<T>(items: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
