// Unique violations mapped to the same 409 `conflict` the SQLite stores raise.

import { webError } from './web-errors.js';

/** `table.column` of a unique violation (23505), read from the server's detail "Key (col)=(…) already exists". */
export function uniqueViolationColumn(err: unknown): string | undefined {
  const e = err as { code?: string; table?: string; detail?: string };
  if (e?.code !== '23505') return undefined;
  const columns = /Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1] ?? '';
  // A composite key names its last column: the one that differs within a parent (e.g. tenant, login).
  const column = columns.split(',').pop()?.trim() ?? '';
  return `${e.table ?? ''}.${column}`;
}

/**
 * Runs a write; a unique violation becomes the 409 `conflict` the services raise themselves
 * (race-safe), naming the field `fieldOf[table.column]` (default: the column).
 */
export async function pgGuarded<T>(fieldOf: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const column = uniqueViolationColumn(err);
    if (column === undefined) throw err;
    const field = fieldOf[column] ?? column.split('.').pop() ?? column;
    throw webError('conflict', `Another record already uses this ${field}`, {
      details: [{ field, message: 'already in use' }],
      cause: err,
    });
  }
}
