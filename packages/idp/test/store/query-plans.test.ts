// The queries a big directory depends on are served by an index, on both engines (ARCHITECTURE.md §5): the plans of
// the repository's own queries (users.ts exports them), read with EXPLAIN on a migrated store. PostgreSQL is told
// to avoid sequential and bitmap scans and sorts, so a plan that still scans the table or sorts had no index to use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usernameKey } from '@samlbridge/protocol';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type DatabaseTarget, type KyselyDatabase, openKysely } from '@samlbridge/web';
import { expect } from 'chai';
import { type Compilable, CompiledQuery } from 'kysely';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import { holderQuery, userListQueries } from '../../src/store/users.js';

/** The plan of `query` as text (SQLite: EXPLAIN QUERY PLAN details; PostgreSQL: EXPLAIN lines). */
async function planOf({ db, dialect }: KyselyDatabase<Database>, query: Compilable): Promise<string> {
  const { sql, parameters } = query.compile();
  if (dialect.engine === 'sqlite') {
    const result = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]));
    return result.rows.map((r) => r.detail).join('\n');
  }
  return db.connection().execute(async (conn) => {
    await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
    await conn.executeQuery(CompiledQuery.raw('SET enable_sort = off'));
    await conn.executeQuery(CompiledQuery.raw('SET enable_bitmapscan = off'));
    try {
      const result = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${sql}`, [...parameters]));
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'));
      await conn.executeQuery(CompiledQuery.raw('RESET enable_sort'));
      await conn.executeQuery(CompiledQuery.raw('RESET enable_bitmapscan'));
    }
  });
}

const engines: { name: string; open: () => Promise<{ target: DatabaseTarget; drop(): Promise<void> }> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'idp-plans-'));
      return { target: { kind: 'sqlite', file: join(dir, 'idp.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const scratch = await createScratchDatabase(testDatabaseServer(), 'idp_plans');
      return { target: { kind: 'postgres', url: scratch.url }, drop: () => scratch.drop() };
    },
  },
];

for (const engine of engines) {
  describe(`IdP store query plans for big directories: ${engine.name}`, () => {
    let database: KyselyDatabase<Database> | undefined;
    let drop: (() => Promise<void>) | undefined;
    before(async () => {
      const opened = await engine.open();
      drop = opened.drop;
      await (await createStore(opened.target)).close();
      database = await openKysely<Database>(opened.target);
    });
    after(async () => {
      await database?.close();
      await drop?.();
    });
    const ctx = () => {
      if (!database) throw new Error('no database (see the "before all" hook)');
      return database;
    };
    const plan = (query: Compilable) => planOf(ctx(), query);

    it('takes a Users page, at any offset, from the users_list index without sorting or reading the table', async () => {
      const text = await plan(userListQueries(ctx(), { limit: 50, offset: 50_000 }).pageIds);
      if (ctx().dialect.engine === 'sqlite') {
        expect(text).to.match(/SCAN users USING COVERING INDEX users_list\b/);
        expect(text).to.not.match(/TEMP B-TREE/);
      } else {
        expect(text).to.match(/Index Only Scan using users_list on users/);
        expect(text).to.not.match(/\bSort\b|Seq Scan/);
      }
    });

    it('searches and counts users by scanning the users_list index, not the table', async () => {
      const { pageIds, count } = userListQueries(ctx(), { limit: 50, offset: 0, search: 'ann lee' });
      for (const query of [pageIds, count]) {
        const text = await plan(query);
        if (ctx().dialect.engine === 'sqlite') expect(text).to.match(/SCAN users USING COVERING INDEX users_list\b/);
        else expect(text, text).to.match(/Index Only Scan using users_list on users/);
      }
    });

    it('looks a user up by username and by email key through an index on that key', async () => {
      for (const column of ['username', 'email'] as const) {
        const text = await plan(holderQuery(ctx(), column, usernameKey('Ann.Lee')));
        if (ctx().dialect.engine === 'sqlite')
          expect(text).to.match(new RegExp(`SEARCH users USING (COVERING )?INDEX \\w+ \\(${column}_precis_key=\\?\\)`));
        else expect(text).to.match(new RegExp(`Index Cond: \\(${column}_precis_key = `));
      }
    });
  });
}
