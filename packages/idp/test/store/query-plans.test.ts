// The queries a big directory depends on are served by an index, on both engines (ARCHITECTURE.md §5): the plans of
// the repository's own queries (users.ts exports them), read with EXPLAIN on a migrated store. PostgreSQL is told
// to avoid sequential and bitmap scans and sorts, so a plan that still scans the table or sorts had no index to use.
import { usernameKey } from '@samlbridge/protocol';
import { migratedDatabaseFixture, queryPlan, testDatabaseServer } from '@samlbridge/test-support';
import { type KyselyDatabase, openKysely, scratchEngines } from '@samlbridge/web';
import { expect } from 'chai';
import { type Compilable, sql } from 'kysely';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import { holderQuery, userListQueries } from '../../src/store/users.js';
import { idpStoreTemplate } from '../helpers/scratch-database.js';

/** The plan of `query` (PostgreSQL: no sequential scans or sorts; no bitmap scans unless a GIN index may serve it). */
const planOf = (database: KyselyDatabase<Database>, query: Compilable, { bitmapScans = false } = {}) =>
  queryPlan(database, query, bitmapScans ? ['seqscan', 'sort'] : ['seqscan', 'sort', 'bitmapscan']);

const engines = scratchEngines(testDatabaseServer, 'idp_plans', { template: idpStoreTemplate });

for (const engine of engines) {
  describe(`IdP store query plans for big directories: ${engine.name}`, () => {
    const database = migratedDatabaseFixture(engine, createStore, openKysely<Database>);
    const plan = (query: Compilable) => planOf(database, query);

    it('takes a Users page, at any offset, from the users_list index without sorting or reading the table', async () => {
      const text = await plan(userListQueries(database, { limit: 50, offset: 50_000 }).pageIds);
      if (database.dialect.engine === 'sqlite') {
        expect(text).to.match(/SCAN users USING COVERING INDEX users_list\b/);
        expect(text).to.not.match(/TEMP B-TREE/);
      } else {
        expect(text).to.match(/Index Only Scan using users_list on users/);
        expect(text).to.not.match(/\bSort\b|Seq Scan/);
      }
    });

    it('walks the users_list index, not the table, for a search of one or two characters and its count', async () => {
      const { pageIds, count } = userListQueries(database, { limit: 50, offset: 0, search: 'an' });
      for (const query of [pageIds, count]) {
        const text = await plan(query);
        if (database.dialect.engine === 'sqlite') expect(text).to.match(/SCAN users USING COVERING INDEX users_list\b/);
        else expect(text, text).to.match(/Index Only Scan using users_list on users/);
      }
    });

    it('finds and counts the users of a search of three or more characters through the trigram index', async () => {
      // Planners weigh the index by the table's size: a database of its own with 30,000 users, analysed (PostgreSQL walks a small table: cheaper there).
      const opened = await engine.open();
      const filled = await openKysely<Database>(opened.target);
      try {
        await (await createStore(opened.target)).close();
        const now = filled.dialect.toDbDate(new Date());
        const rows = Array.from({ length: 30_000 }, (_, i) => ({
          id: `u${i}`,
          username: `user${i}`,
          username_key: `user${i}`,
          username_precis_key: `user${i}`,
          email: `user${i}@example.test`,
          email_key: `user${i}@example.test`,
          email_precis_key: `user${i}@example.test`,
          first_name: 'First',
          last_name: `Last${i % 97}`,
          first_name_key: 'first',
          last_name_key: `last${i % 97}`,
          password_hash: null,
          status: 'active',
          created_at: now,
          updated_at: now,
        }));
        for (let i = 0; i < rows.length; i += 500)
          await filled.db
            .insertInto('users')
            .values(rows.slice(i, i + 500) as never)
            .execute();
        await sql`analyze`.execute(filled.db);
        const { foundPageIds, term } = userListQueries(filled, { limit: 50, offset: 0, search: 'Ann Lee' });
        if (!term) throw new Error('no search term');
        const count = filled.db
          .selectFrom('users')
          .where(term.findFilter)
          .select((eb) => eb.fn.countAll().as('n'));
        const { memberPageIds } = userListQueries(filled, { limit: 50, offset: 0, search: 'Ann Lee' });
        if (filled.dialect.engine === 'sqlite') {
          // The walk keeping the matches: users_list in order, each entry tested against the set FTS5 found.
          const text = await planOf(filled, memberPageIds);
          expect(text, text).to.match(/SCAN users USING COVERING INDEX users_list\b/);
          expect(text, text).to.match(/SCAN users_search VIRTUAL TABLE INDEX/);
          expect(text, text).to.not.match(/TEMP B-TREE/);
        }
        for (const query of [foundPageIds, count]) {
          const text = await planOf(filled, query, { bitmapScans: true });
          if (filled.dialect.engine === 'sqlite') {
            expect(text, text).to.match(/SCAN users_search VIRTUAL TABLE INDEX/);
            expect(text, text).to.match(/SEARCH users USING INTEGER PRIMARY KEY \(rowid=\?\)/);
          } else expect(text, text).to.match(/Bitmap Index Scan on users_search_trgm/);
        }
      } finally {
        await filled.close();
        await opened.drop();
      }
    });

    it('looks a user up by username and by email key through an index on that key', async () => {
      for (const column of ['username', 'email'] as const) {
        const text = await plan(holderQuery(database, column, usernameKey('Ann.Lee')));
        if (database.dialect.engine === 'sqlite')
          expect(text).to.match(new RegExp(`SEARCH users USING (COVERING )?INDEX \\w+ \\(${column}_precis_key=\\?\\)`));
        else expect(text).to.match(new RegExp(`Index Cond: \\(${column}_precis_key = `));
      }
    });
  });
}
