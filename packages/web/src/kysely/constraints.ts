// Unique violations become the 409 `conflict` the services raise themselves (race-safe), on either engine.
import type { DeleteResult, InsertResult, UpdateResult } from 'kysely';
import { webError } from '../web-errors.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * Runs a write; a unique violation on `table.column` becomes a 409 `conflict` naming the field
 * `fieldOf[table.column]` (default: the column). Other errors pass unchanged.
 */
export async function guardUnique<T>(dialect: SqlDialect, fieldOf: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const violation = dialect.constraintViolation(err);
    if (violation?.kind !== 'unique') throw err;
    const field = fieldOf[violation.column] ?? violation.column.split('.').pop() ?? violation.column;
    throw webError('conflict', `Another record already uses this ${field}`, {
      details: [{ field, message: 'already in use' }],
      cause: err,
    });
  }
}

/** Rows a write changed (Kysely reports bigint counts; `executeTakeFirst()` of an insert, update or delete). */
export function affected(result: DeleteResult | UpdateResult | InsertResult): number {
  if ('numDeletedRows' in result) return Number(result.numDeletedRows);
  if ('numUpdatedRows' in result) return Number(result.numUpdatedRows);
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
