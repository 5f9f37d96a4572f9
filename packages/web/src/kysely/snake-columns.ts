// A column map (table.ts `Columns`) whose columns are named after their fields in snake_case (`lastUsedAt` →
// `last_used_at`), so a table lists its fields once, grouped by how they are stored, instead of spelling each
// column name again. The few columns named otherwise (a `key` stored as `id`, a custom codec) are given as is.
import type { Codec, ColumnOf, Columns, CustomCodec } from './table.js';

/** `lastUsedAt` → `last_used_at` (digits stay: `sha256`). */
export type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `text`: the value as is; the others: table.ts's codecs. */
export type StoredAs = 'text' | Exclude<Codec, CustomCodec>;
/** The fields of `T` by how their columns store them. */
export type FieldGroups<T> = { readonly [S in StoredAs]?: readonly (keyof T & string)[] };

type StoredAsOf<G, K> = { [S in keyof G]: G[S] extends readonly (infer F)[] ? (K extends F ? S : never) : never }[keyof G];
type Grouped<T, G> = {
  readonly [K in keyof T as K extends GroupedField<G> ? K : never]: StoredAsOf<G, K> extends 'text'
    ? SnakeCase<K & string>
    : readonly [SnakeCase<K & string>, StoredAsOf<G, K>];
};
type GroupedField<G> = { [S in keyof G]: G[S] extends readonly (infer F)[] ? F : never }[keyof G];
/** A field of `T` neither grouped nor given its own column: the map does not compile until it has one. */
type Unmapped<T, G, E> = Exclude<keyof T, GroupedField<G> | keyof E>;

/**
 * The column map of `T`: `groups` lists fields by how they are stored, `named` the columns not named after their
 * field. `snakeColumns<T>()({ text: ['id', 'displayName'], date: ['createdAt'] })` is
 * `{ id: 'id', displayName: 'display_name', createdAt: ['created_at', 'date'] }`.
 */
export function snakeColumns<T>() {
  return <const G extends FieldGroups<T>, const E extends Partial<Columns<T>> = Record<never, never>>(
    groups: G,
    named?: E & Partial<Columns<T>>,
  ): Unmapped<T, G, E> extends never ? Grouped<T, G> & E : { unmapped: Unmapped<T, G, E> } => {
    const columns: Record<string, ColumnOf<unknown>> = {};
    for (const [storedAs, fields] of Object.entries(groups as FieldGroups<T>)) {
      for (const field of fields ?? []) columns[field] = storedAs === 'text' ? snakeCase(field) : [snakeCase(field), storedAs as Codec];
    }
    return { ...columns, ...named } as never;
  };
}
