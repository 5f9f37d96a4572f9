// The ONE place where the SP's two engines differ (ARCHITECTURE.md §5); repositories never ask which engine runs.
// web's SqlDialect covers values (dates, booleans, JSON), byte order and constraint detection; the SP adds:
//   - IDs: SQLite gives MAX(id) + 1 above a floor table of retired IDs (users has no AUTOINCREMENT),
//     PostgreSQL an identity sequence; neither gives an ID again (RFC 7643 §3.1);
//   - a row lock that waits (FOR UPDATE) on PostgreSQL; nothing on SQLite, where a transaction holds the file;
//   - unique violations → the store's UniqueViolation (index and column names are part of the schema).
import type { SqlDialect } from '@samlbridge/web';
import { type Expression, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from './database.js';
import { UniqueViolation } from './types.js';

/** Tables whose numeric IDs SCIM clients hold. */
export type IdTable = 'users' | 'user_groups';

interface IdRules {
  /** The ID column value for a new row of `table`, or undefined when the engine generates it. */
  newId(table: IdTable): Expression<number> | undefined;
  /** Remembers that `id` was deleted from `table`, so it is never given again (inside the deleting transaction). */
  retireId(db: Kysely<Database>, table: IdTable, id: number): Promise<void>;
  /** Locks the selected row until the transaction ends: concurrent updates of one row apply one after the other. */
  lockRow<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
}

export interface SpDialect extends SqlDialect, IdRules {}

const FLOOR = { users: 'user_id_floor', user_groups: 'group_id_floor' } as const;

const SQLITE: IdRules = {
  newId: (table) =>
    sql<number>`MAX(COALESCE((SELECT MAX(id) FROM ${sql.table(table)}), 0), (SELECT MAX(id) FROM ${sql.table(FLOOR[table])})) + 1`,
  async retireId(db, table, id) {
    await db.updateTable(FLOOR[table]).set({ id }).where('id', '<', id).execute();
  },
  lockRow: (query) => query,
};

const POSTGRES: IdRules = {
  newId: () => undefined,
  async retireId() {
    // Identity sequences never go back.
  },
  lockRow: (query) => query.forUpdate(),
};

export function spDialect(base: SqlDialect): SpDialect {
  return { ...base, ...(base.engine === 'sqlite' ? SQLITE : POSTGRES) };
}

/** The store's UniqueViolation for a unique-constraint failure on users / user_groups, else undefined. */
function uniqueViolation(d: SqlDialect, err: unknown): UniqueViolation | undefined {
  const violation = d.constraintViolation(err);
  if (violation?.kind !== 'unique') return undefined;
  // users.login_key / users.email_key (older: users_login_ci / users_email_ci), user_groups_name_ci.
  const at = violation.column;
  if (at.includes('email')) return new UniqueViolation('email');
  if (at.includes('login')) return new UniqueViolation('login');
  if (at.includes('user_groups') || at.includes('display_name')) return new UniqueViolation('groupName');
  return undefined;
}

/** Runs a write; a unique-constraint failure on users / user_groups becomes the store's UniqueViolation. */
export async function refuseDuplicates<T>(d: SqlDialect, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw uniqueViolation(d, err) ?? err;
  }
}
