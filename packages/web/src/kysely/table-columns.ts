// Columns of a new table, a run of one type at a time (`.$call(requiredColumns('text', 'owner', 'kind'))`): the same
// `addColumn` calls, in the order named, as writing each one out, so a migration's schema is the same on both engines.
import type { CreateTableBuilder } from 'kysely';

type ColumnType = Parameters<CreateTableBuilder<string, never>['addColumn']>[1];
/** NOT NULL columns of `type`, in order. */
export function requiredColumns<const N extends string>(type: ColumnType, ...names: N[]) {
  return <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
    names.reduce((t, name) => t.addColumn(name, type, (c) => c.notNull()), table as CreateTableBuilder<TB, C | N>);
}

/** Nullable columns of `type`, in order. */
export function optionalColumns<const N extends string>(type: ColumnType, ...names: N[]) {
  return <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
    names.reduce((t, name) => t.addColumn(name, type), table as CreateTableBuilder<TB, C | N>);
}
