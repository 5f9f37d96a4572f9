// Statements of the hot paths built and compiled by Kysely once, then run with each call's values: no query building
// per request (a simple statement spends about a fifth of its CPU time there; a multi-row insert far more, one node
// per value). The query is built with a sentinel in place of each value; the compiled parameters tell where each
// call's value goes, literals staying as compiled. Inside a transaction the query is built as usual, so the
// transaction's plugins (transaction.ts: no statement after its end) see every statement.
import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';
import type { AnyKysely } from './sql-dialect.js';

const SENTINEL = '\u0000precompiled:';

interface Compiled {
  sql: string;
  /** Per parameter: the value's key, or the literal compiled in. */
  slots: ({ key: string } | { value: unknown })[];
}

function compileWithSentinels(query: Compilable<unknown>): Compiled {
  const compiled = query.compile();
  return {
    sql: compiled.sql,
    slots: compiled.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(SENTINEL) ? { key: value.slice(SENTINEL.length) } : { value },
    ),
  };
}

function run<R>(db: AnyKysely, { sql, slots }: Compiled, value: (key: string) => unknown): Promise<QueryResult<R>> {
  return db.executeQuery<R>(
    CompiledQuery.raw(
      sql,
      slots.map((s) => ('key' in s ? value(s.key) : s.value)),
    ),
  );
}

/** One statement whose values are named: `build(param)` builds it with `param(name)` in place of each value. */
export function precompiled<P extends string, R>(
  db: AnyKysely,
  build: (param: (name: P) => string) => Compilable<R>,
): (values: Record<P, unknown>) => Promise<QueryResult<R>> {
  let compiled: Compiled | undefined;
  return async (values) => {
    if (db.isTransaction) return db.executeQuery<R>(build((name) => values[name] as string));
    compiled ??= compileWithSentinels(build((name) => `${SENTINEL}${name}`)); // on first use
    return run<R>(db, compiled, (key) => values[key as P]);
  };
}

/** A value Kysely binds as a parameter as it is (an expression such as sql`…` is compiled into the text instead). */
const isParameter = (v: unknown) => v === null || typeof v !== 'object' || v instanceof Uint8Array;

/** At most this many statements per `precompiledRows` (one per row count and set of columns). */
const MAX_ROW_SHAPES = 256;

/**
 * A multi-row statement (INSERT … VALUES (…), (…)): `build(rows)` builds it for rows of column → value. Compiled once
 * per row count and set of columns given (an undefined value is left out, as Kysely leaves it out).
 */
export function precompiledRows<R>(
  db: AnyKysely,
  build: (rows: Record<string, unknown>[]) => Compilable<R>,
): (rows: readonly Record<string, unknown>[]) => Promise<QueryResult<R>> {
  const shapes = new Map<string, Compiled>();
  return async (rows) => {
    const columns = Object.keys(rows[0] ?? {}).filter((c) => (rows[0] as Record<string, unknown>)[c] !== undefined);
    const sameShape = rows.every((r) => {
      const defined = Object.keys(r).filter((c) => r[c] !== undefined);
      return defined.length === columns.length && defined.every((c, i) => c === columns[i] && isParameter(r[c]));
    });
    if (db.isTransaction || !sameShape) return db.executeQuery<R>(build(rows as Record<string, unknown>[]));
    const shape = `${rows.length}:${columns.join(',')}`;
    let compiled = shapes.get(shape);
    if (!compiled) {
      const sentinels = rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, `${SENTINEL}${i}:${c}`])));
      compiled = compileWithSentinels(build(sentinels));
      if (shapes.size >= MAX_ROW_SHAPES) shapes.clear();
      shapes.set(shape, compiled);
    }
    return run<R>(db, compiled, (key) => {
      const at = key.indexOf(':');
      return (rows[Number(key.slice(0, at))] as Record<string, unknown>)[key.slice(at + 1)];
    });
  };
}
