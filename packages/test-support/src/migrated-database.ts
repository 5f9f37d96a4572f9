// A database migrated by an app's store and then opened directly (Kysely), for the suite's tests: the tests read
// what the store's schema gives (query plans, indexes) without going through its repositories.
import { suiteFixture } from './suite-fixture.js';

/** An engine that opens a new empty database (a SQLite file, a scratch PostgreSQL database) and drops it. */
export interface EmptyDatabaseSource<Target> {
  open(): Promise<{ target: Target; drop(): Promise<void> }>;
}

/**
 * Before the suite's tests: a new database from `engine`, migrated by opening (and closing) the app's store on it
 * with `migrate`, then opened with `open`. After them: closed and dropped. Returns the opened database.
 */
export function migratedDatabaseFixture<Target, Opened extends { close(): Promise<void> }>(
  engine: EmptyDatabaseSource<Target>,
  migrate: (target: Target) => Promise<{ close(): Promise<unknown> }>,
  open: (target: Target) => Promise<Opened>,
): Opened {
  return suiteFixture(async () => {
    const { target, drop } = await engine.open();
    try {
      await (await migrate(target)).close();
      const opened = await open(target);
      return {
        ...opened,
        close: async () => {
          await opened.close();
          await drop();
        },
      };
    } catch (err) {
      await drop();
      throw err;
    }
  });
}
