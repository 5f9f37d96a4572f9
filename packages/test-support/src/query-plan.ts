// The plan a database picks for a query, as text, for tests that an index serves it: SQLite's EXPLAIN QUERY PLAN
// details, or PostgreSQL's EXPLAIN lines with some planner methods turned off for the one connection, so a plan
// that still scans the table (or sorts) had no better index.
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

/** PostgreSQL planner methods (`enable_<name>`). A GIN index (pg_trgm) is read through a bitmap scan only. */
export type PlannerMethod = 'seqscan' | 'sort' | 'bitmapscan';

export async function queryPlan(
  // biome-ignore lint/suspicious/noExplicitAny: any app's database.
  { db, dialect }: { db: Kysely<any>; dialect: { engine: string } },
  query: Compilable,
  avoid: readonly PlannerMethod[] = ['seqscan', 'sort', 'bitmapscan'],
): Promise<string> {
  const { sql, parameters } = query.compile();
  if (dialect.engine === 'sqlite') {
    const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]));
    return result.rows.map((r) => r.detail).join('\n');
  }
  return db.connection().execute(async (conn) => {
    for (const m of avoid) await conn.executeQuery(CompiledQuery.raw(`SET enable_${m} = off`));
    try {
      const result = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${sql}`, [...parameters]));
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      for (const m of avoid) await conn.executeQuery(CompiledQuery.raw(`RESET enable_${m}`));
    }
  });
}
