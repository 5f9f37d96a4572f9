// Scratch PostgreSQL databases that start migrated (copies of the IdP's template), for suites that need an IdP
// store, not the migration. Suites that test the migration itself keep createScratchDatabase's empty database.
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type ScratchDatabase } from '@samlbridge/web';
import { idpStoreTemplate } from '../../src/store/scratch-template.js';

export { idpStoreTemplate };

/** A new database on the test server holding the IdP's schema and no rows. */
export function migratedIdpDatabase(prefix: string): Promise<ScratchDatabase> {
  return createScratchDatabase(testDatabaseServer(), prefix, { template: idpStoreTemplate });
}
