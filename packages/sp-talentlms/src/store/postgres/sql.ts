// Shared bits of the SP's PostgreSQL repositories.
import type { SqlCondition } from '../filter-sql.js';
import { UniqueViolation } from '../types.js';

/**
 * The portable SCIM filter SQL uses `?` placeholders (filter-sql.ts never puts `?` in a literal);
 * PostgreSQL numbers them: the n-th `?` becomes `$(first + n)`.
 */
export function numbered(condition: SqlCondition, first: number): string {
  let n = first;
  return condition.sql.replace(/\?/g, () => `$${n++}`);
}

/** A unique violation (23505) on a users / user_groups index → the store's UniqueViolation (index names are part of the schema). */
export function uniqueViolation(err: unknown): UniqueViolation | undefined {
  const e = err as { code?: string; constraint?: string };
  if (e?.code !== '23505') return undefined;
  if (e.constraint === 'users_email_key' || e.constraint === 'users_email_ci') return new UniqueViolation('email');
  if (e.constraint === 'users_login_key' || e.constraint === 'users_login_ci') return new UniqueViolation('login');
  if (e.constraint === 'user_groups_name_ci') return new UniqueViolation('groupName');
  return undefined;
}

export async function mapUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw uniqueViolation(err) ?? err;
  }
}
