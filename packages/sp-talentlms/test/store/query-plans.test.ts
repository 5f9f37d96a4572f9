// SCIM lookups in a big tenant are served by an index, on both engines: the plans of the SCIM search's filter
// conditions (filter-sql.ts, as users.ts search applies them), read with EXPLAIN on a migrated store. PostgreSQL is
// told to avoid sequential and bitmap scans, so a plan that still scans the table had no index to use.
import { migratedDatabaseFixture, queryPlan, testDatabaseServer } from '@samlbridge/test-support';
import { openKysely, scratchEngines } from '@samlbridge/web';
import { expect } from 'chai';
import { CompiledQuery } from 'kysely';
import type { Database } from '../../src/store/database.js';
import type { FilterNode, UserAttr } from '../../src/store/filter.js';
import { compileFilter, userColumns } from '../../src/store/filter-sql.js';
import { createStore } from '../../src/store/index.js';
import { spStoreTemplate } from '../helpers/scratch-database.js';

const engines = scratchEngines(testDatabaseServer, 'sp_plans', { template: spStoreTemplate });

const eq = (attr: UserAttr, value: string): FilterNode<UserAttr> => ({ kind: 'cmp', attr, op: 'eq', value });

for (const engine of engines) {
  describe(`SP store query plans for big tenants: ${engine.name}`, () => {
    const database = migratedDatabaseFixture(engine, createStore, openKysely<Database>);
    before(async () => {
      // A tenant of some size, so PostgreSQL's planner weighs the indexes by real statistics.
      const { db, dialect } = database;
      const now = dialect.toDbDate(new Date(0));
      for (let batch = 0; batch < 4; batch++) {
        const rows = Array.from({ length: 500 }, (_, k) => {
          const i = batch * 500 + k;
          return {
            tenant: 'acme',
            login: `user${i}`,
            email: `user${i}@example.test`,
            first_name: 'User',
            last_name: String(i),
            active: dialect.toDbBool(true),
            role: 'learner',
            created_via: 'scim',
            created_at: now,
            updated_at: now,
            external_id: `ext-${i}`,
            login_key: `user${i}`,
            email_key: `user${i}@example.test`,
          };
        });
        await db.insertInto('users').values(rows).execute();
      }
      if (dialect.engine === 'postgres') await db.executeQuery(CompiledQuery.raw('ANALYZE users'));
    });

    const cases: [string, FilterNode<UserAttr>, string][] = [
      ['userName eq', eq('userName', 'Ann.Lee'), 'login_key'],
      ['emails.value eq', eq('emails.value', 'Ann.Lee@Example.test'), 'email_key'],
      ['externalId eq', eq('externalId', 'ext-42'), 'external_id'],
    ];
    for (const [name, filter, column] of cases) {
      it(`finds the users of a SCIM ${name} lookup through the tenant's index on ${column}`, async () => {
        const query = database.db
          .selectFrom('users as u')
          .select('u.id')
          .where('u.tenant', '=', 'acme')
          .where('u.deleted_at', 'is', null)
          .where(compileFilter(filter, userColumns({ timezone: 'UTC', userType: 'Learner-Type' })));
        const text = await queryPlan(database, query, ['seqscan', 'bitmapscan']);
        if (database.dialect.engine === 'sqlite')
          expect(text, text).to.match(new RegExp(`SEARCH u USING INDEX \\w+ \\(tenant=\\? AND ${column}=\\?\\)`));
        else expect(text, text).to.match(new RegExp(`Index Cond: \\(\\(tenant = 'acme'::text\\) AND .*\\(${column} = `));
      });
    }
  });
}
