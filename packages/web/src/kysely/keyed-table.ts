// A table of one record per key (an application's settings, a tenant's account, a singleton row), written once for
// both engines: `get` reads the record by its key, `put` inserts or replaces it in one statement (two instances
// writing at once both succeed, the last one wins). The key and the time of the write are the store's, not the record's.
import { type FieldGroups, snakeColumns } from './snake-columns.js';
import type { AnyKysely, SqlDialect } from './sql-dialect.js';
import { type Columns, table } from './table.js';

/** The stored row's fields: the record's, its key, and when it was last written. */
export type Keyed<S, K = string> = S & { key: K; updatedAt: Date };

export interface KeyedTable<S, K> {
  /** The record stored under `key`, without the key and the time. */
  get(key: K): Promise<S | undefined>;
  put(key: K, record: S, now: Date): Promise<void>;
}

/** `columns.key` names the key column (the table's primary key), `columns.updatedAt` the time of the write. */
export function keyedTable<S, K = string, R = unknown>(
  db: AnyKysely,
  dialect: SqlDialect,
  name: string,
  columns: Columns<Keyed<S, K>, R>,
): KeyedTable<S, K> {
  const t = table<Keyed<S, K>, R>(db, dialect, name, columns);
  const keyColumn = columns.key;
  const column = (typeof keyColumn === 'string' ? keyColumn : keyColumn[0]) as keyof R & string;
  return {
    async get(key) {
      const found = await t.find({ [column]: key } as never);
      if (!found) return undefined;
      const { key: _key, updatedAt: _at, ...record } = found;
      return record as unknown as S;
    },
    put: (key, record, now) => t.upsert({ ...record, key, updatedAt: now }, [column]),
  };
}

/**
 * The column map of a keyed table (`snakeColumns` of the record `S`): the key in `keyColumn`, the time of the write in
 * `updated_at`, and the record's fields by how they are stored (`named`: the columns not named after their field).
 */
export function keyedColumns<S>() {
  return <const C extends string, const G extends FieldGroups<S>, const E extends Partial<Columns<S>> = Record<never, never>>(
    keyColumn: C,
    groups: G,
    named?: E & Partial<Columns<S>>,
  ) => ({ ...snakeColumns<S>()(groups, named), key: keyColumn, updatedAt: ['updated_at', 'date'] as const });
}
