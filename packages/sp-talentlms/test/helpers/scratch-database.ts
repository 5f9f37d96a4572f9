// Scratch PostgreSQL databases that start migrated (copies of the SP's template), for suites that need an SP
// store, not the migration. Suites that test the migration itself keep createScratchDatabase's empty database.
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type ScratchDatabase } from '@samlbridge/web';
import { spStoreTemplate } from '../../src/store/scratch-template.js';

export { spStoreTemplate };

/** A new database on the test server holding the SP's schema and no rows. */
export function migratedSpDatabase(prefix: string): Promise<ScratchDatabase> {
  return createScratchDatabase(testDatabaseServer(), prefix, { template: spStoreTemplate });
}
