// The provisioning outbox's claim is served by an index on both engines, so their cost does not grow with
// the rows already delivered (a 100,000-user binding, ARCHITECTURE.md §5): the plans of the repository's own queries
// (store/outbox.ts exports them), read with EXPLAIN on a migrated store. PostgreSQL is told to avoid sequential and
// bitmap scans and sorts, so a plan that still scans the table, or walks the primary key, had no better index.
import { migratedDatabaseFixture, queryPlan, testDatabaseServer } from '@samlbridge/test-support';
import { openKysely, scratchEngines } from '@samlbridge/web';
import { expect } from 'chai';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import { dueRowsQuery } from '../../src/store/outbox.js';
import { idpStoreTemplate } from '../helpers/scratch-database.js';

const engines = scratchEngines(testDatabaseServer, 'idp_outbox_plans', { template: idpStoreTemplate });

for (const engine of engines) {
  describe(`IdP outbox query plans at scale: ${engine.name}`, () => {
    const database = migratedDatabaseFixture(engine, createStore, openKysely<Database>);

    it('claims from the pending rows of the (status, seq) index in seq order, without walking delivered rows or sorting', async () => {
      const text = await queryPlan(database, dueRowsQuery(database.db, database.dialect, new Date('2026-12-03T12:00:00Z'), 8));
      if (database.dialect.engine === 'sqlite') {
        expect(text, text).to.match(/SEARCH o USING INDEX provisioning_outbox_queue \(status=\?\)/);
        expect(text, text).to.not.match(/TEMP B-TREE/);
      } else {
        expect(text, text).to.match(/Index Scan using provisioning_outbox_queue on provisioning_outbox o\b/);
        expect(text, text).to.match(/Index Cond: \(status = 'pending'::text\)/);
        expect(text, text).to.not.match(/\bSort\b|Seq Scan|provisioning_outbox_pkey/);
      }
    });
  });
}
