// One declaration per table of which column holds which field (ARCHITECTURE.md §5), used both ways: a row becomes
// the domain record, a record (or a patch of it) becomes the row; timestamps, booleans and JSON go through the
// dialect. `table(…)` adds the CRUD every repository writes alike: find one, insert, upsert, delete, a page.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DbBoolean, DbBooleanOrNull, DbJson, DbJsonOrNull, DbTimestamp, DbTimestampOrNull } from './column-types.js';
import { affected } from './constraints.js';
import { precompiledRows } from './precompiled.js';
import type { AnyKysely, AnySelectQuery, SqlDialect } from './sql-dialect.js';

/**
 * How a column stores its field; `?` also carries null. `date`: per engine (web's DbTimestamp); `iso`: ISO-8601 text
 * on both engines (sorts as time). `number`: a BIGINT read back as text on PostgreSQL.
 */
export type Codec = 'date' | 'date?' | 'iso' | 'iso?' | 'bool' | 'bool?' | 'json' | 'json?' | 'number' | 'number?' | CustomCodec;
/** A conversion of its own to the stored value `S` (`to` defaults to the value as is). */
export interface CustomCodec<S = unknown> {
  to?(value: unknown, dialect: SqlDialect): S;
  from(value: S, dialect: SqlDialect): unknown;
}
/** A column of the table `R` (any name while the table is still being declared from its columns). */
type ColumnName<R> = unknown extends R ? string : keyof R & string;
/** `column`, or `[column, codec]` for a value stored per engine. */
export type ColumnOf<R> = ColumnName<R> | readonly [ColumnName<R>, Codec];
/** Every field of `T` and its column of the table `R`: a field added to `T` does not compile until it has one. */
export type Columns<T, R = unknown> = { readonly [K in keyof T]-?: ColumnOf<R> };

/** What a column stores for a field of type `V` under `codec`: web's column types, or what a custom codec stores. */
type Stored<V, C> = C extends 'date'
  ? DbTimestamp
  : C extends 'date?'
    ? DbTimestampOrNull
    : C extends 'iso'
      ? string
      : C extends 'iso?'
        ? string | null
        : C extends 'bool'
          ? DbBoolean
          : C extends 'bool?'
            ? DbBooleanOrNull
            : C extends 'json'
              ? DbJson<V>
              : C extends 'json?'
                ? DbJsonOrNull<NonNullable<V>>
                : C extends 'number'
                  ? number
                  : C extends 'number?'
                    ? number | null
                    : C extends CustomCodec<infer S>
                      ? S
                      : unknown;
/**
 * The row a column map declares (`const COLUMNS = {…} as const satisfies Columns<T>`): each field's column, of the
 * field's type as its codec stores it. One declaration per table: the table type is computed, not written again.
 */
export type RowOf<T, C extends Columns<T>> = {
  -readonly [K in keyof T as C[K] extends readonly [infer N extends string, Codec] ? N : C[K] & string]-?: C[K] extends readonly [
    string,
    infer Codec,
  ]
    ? Stored<T[K], Codec>
    : T[K];
};

/** JSON as text on both engines (a TEXT column, read and written only by its repository). */
export const JSON_TEXT: CustomCodec<string> = { to: (v) => JSON.stringify(v), from: (v) => JSON.parse(v) };
/** JSON_TEXT, or null. */
export const JSON_TEXT_OR_NULL: CustomCodec<string | null> = {
  to: (v) => (v === null ? null : JSON.stringify(v)),
  from: (v) => (v === null ? null : JSON.parse(v)),
};

/** The row `R` with the columns `K` filled by the database (an identity, a sequence, a default): optional on insert. */
export type WithGenerated<R, K extends keyof R> = Omit<R, K> & { [P in K]: Generated<R[P]> };

const CODECS: Record<Exclude<Codec, CustomCodec>, Required<CustomCodec>> = {
  date: { to: (v, d) => d.toDbDate(v as Date), from: (v, d) => d.fromDbDate(v as string) },
  'date?': { to: (v, d) => d.toDbDateOrNull(v as Date | null), from: (v, d) => d.fromDbDateOrNull(v as string | null) },
  iso: { to: (v) => (v as Date).toISOString(), from: (v) => new Date(v as string) },
  'iso?': { to: (v) => (v === null ? null : (v as Date).toISOString()), from: (v) => (v === null ? null : new Date(v as string)) },
  bool: { to: (v, d) => d.toDbBool(v as boolean), from: (v, d) => d.fromDbBool(v as boolean) },
  'bool?': { to: (v, d) => (v === null ? null : d.toDbBool(v as boolean)), from: (v, d) => d.fromDbBoolOrNull(v as boolean | null) },
  json: { to: (v, d) => d.toDbJson(v), from: (v, d) => d.fromDbJson(v) },
  'json?': { to: (v, d) => (v === null ? null : d.toDbJson(v)), from: (v, d) => (v === null ? null : d.fromDbJson(v)) },
  number: { to: (v) => v, from: (v) => Number(v) },
  'number?': { to: (v) => v, from: (v) => (v === null ? null : Number(v)) },
};

export interface RowMapper<T, R> {
  fromRow(row: Selectable<R>): T;
  /** The row of a whole record. */
  toRow(record: T): Insertable<R>;
  /** The columns of the fields `patch` has (undefined ones left out). */
  toPatch(patch: Partial<T>): Updateable<R>;
}

export function rowMapper<T, R>(dialect: SqlDialect, columns: Columns<T, R>): RowMapper<T, R> {
  const fields = Object.entries(columns as Record<string, ColumnOf<R>>).map(([field, spec]) => {
    const [column, codec] = typeof spec === 'string' ? [spec, undefined] : spec;
    const conv = typeof codec === 'string' ? CODECS[codec] : codec;
    return {
      field,
      column,
      to: conv?.to ? (v: unknown) => conv.to?.(v, dialect) : (v: unknown) => v,
      from: conv ? (v: unknown) => conv.from(v, dialect) : (v: unknown) => v,
    };
  });
  const toPatch = (patch: object) => {
    const row: Record<string, unknown> = {};
    for (const f of fields) {
      const value = (patch as Record<string, unknown>)[f.field];
      if (value !== undefined) row[f.column] = f.to(value);
    }
    return row;
  };
  return {
    fromRow: (row) => Object.fromEntries(fields.map((f) => [f.field, f.from((row as Record<string, unknown>)[f.column])])) as T,
    toRow: (record) => toPatch(record as object) as Insertable<R>,
    toPatch: (patch) => toPatch(patch) as Updateable<R>,
  };
}

/** `column = value` for each entry. */
export type Where<R> = Partial<Selectable<R>>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** How many rows `query` (a select from, with its conditions, and no selection yet) has. */
export async function countRows(query: AnySelectQuery): Promise<number> {
  return Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** A page of `query`'s rows in the given order, and how many rows it has in all. */
export async function pageOf<T>(
  query: AnySelectQuery,
  order: (q: AnySelectQuery) => AnySelectQuery,
  map: (row: never) => T,
  { limit, offset }: { limit: number; offset: number },
): Promise<Page<T>> {
  const rows = await order(query.selectAll()).limit(limit).offset(offset).execute();
  return { items: rows.map(map as (row: unknown) => T), total: await countRows(query), limit, offset };
}

export interface Table<T, R> extends RowMapper<T, R> {
  /** The first row matching `where`, as a record. */
  find(where: Where<R>): Promise<T | undefined>;
  /** Inserts the record's row, plus `extra` columns (keys the store derives, ...). */
  insert(record: T, extra?: Partial<Insertable<R>>): Promise<void>;
  /** Inserts the records' rows in one statement (none: no statement). */
  insertMany(records: readonly T[]): Promise<void>;
  /**
   * Inserts the record's row, or sets every column but `keys` (and `keep`) of the row with the same `keys`: one
   * statement, so two instances writing at once both succeed.
   */
  upsert(record: T, keys: readonly (keyof R & string)[], keep?: readonly (keyof R & string)[]): Promise<void>;
  /**
   * `upsert` of several records in one statement (none: no statement): a row whose `keys` a stored row has sets that
   * row's other columns (but `keep`) to its own values. No two records may share their `keys`.
   */
  upsertMany(records: readonly T[], keys: readonly (keyof R & string)[], keep?: readonly (keyof R & string)[]): Promise<void>;
  /** Sets the columns of the fields `patch` has (plus `extra` columns) on the rows matching `where`; the first, as now. */
  update(where: Where<R>, patch: Partial<T>, extra?: Updateable<R>): Promise<T | undefined>;
  /** Deletes the rows matching `where`; how many went. */
  delete(where: Where<R>): Promise<number>;
}

/** The CRUD of one table of records `T` (rows `R`), on a Kysely instance or transaction. */
export function table<T, R>(db: AnyKysely, dialect: SqlDialect, name: string, columns: Columns<T, R>): Table<T, R> {
  const mapper = rowMapper<T, R>(dialect, columns);
  // biome-ignore lint/suspicious/noExplicitAny: a select, update or delete query of this table.
  const matching = <Q extends { where(column: string, op: '=', value: any): Q }>(query: Q, where: Where<R>) => {
    let q = query;
    for (const [column, value] of Object.entries(where)) q = q.where(column, '=', value);
    return q;
  };
  // Group-committed rows (one statement per group of writes) come here: compiled once per row count (precompiled.ts).
  const insertRows = precompiledRows(db, (rows) => db.insertInto(name).values(rows));
  const upsertRows = new Map<string, ReturnType<typeof precompiledRows>>();
  return {
    ...mapper,
    async find(where) {
      const row = await matching(db.selectFrom(name).selectAll(), where).limit(1).executeTakeFirst();
      return row && mapper.fromRow(row as Selectable<R>);
    },
    async insert(record, extra) {
      await db
        .insertInto(name)
        .values({ ...mapper.toRow(record), ...extra })
        .execute();
    },
    async insertMany(records) {
      if (records.length === 0) return;
      await insertRows(records.map((r) => mapper.toRow(r) as Record<string, unknown>));
    },
    async upsert(record, keys, keep = []) {
      const row = mapper.toRow(record) as Record<string, unknown>;
      const fixed = new Set<string>([...keys, ...keep]);
      const update = Object.fromEntries(Object.entries(row).filter(([column]) => !fixed.has(column)));
      await db
        .insertInto(name)
        .values(row)
        .onConflict((oc) => oc.columns(keys).doUpdateSet(update))
        .execute();
    },
    async upsertMany(records, keys, keep = []) {
      if (records.length === 0) return;
      const shape = `${keys.join(',')}|${keep.join(',')}`;
      let upsert = upsertRows.get(shape);
      if (!upsert) {
        const fixed = new Set<string>([...keys, ...keep]);
        upsert = precompiledRows(db, (rows) =>
          db
            .insertInto(name)
            .values(rows)
            .onConflict((oc) =>
              oc.columns(keys).doUpdateSet((eb) =>
                Object.fromEntries(
                  Object.keys(rows[0] ?? {})
                    .filter((column) => !fixed.has(column))
                    .map((column) => [column, eb.ref(`excluded.${column}`)]),
                ),
              ),
            ),
        );
        upsertRows.set(shape, upsert);
      }
      await upsert(records.map((r) => mapper.toRow(r) as Record<string, unknown>));
    },
    async update(where, patch, extra) {
      const query = db.updateTable(name).set({ ...mapper.toPatch(patch), ...extra } as never);
      const row = await matching(query, where).returningAll().executeTakeFirst();
      return row && mapper.fromRow(row as Selectable<R>);
    },
    delete: async (where) => affected(await matching(db.deleteFrom(name), where).executeTakeFirstOrThrow()),
  };
}
