// An app that a suite runs once per database engine: on SQLite it keeps its own file in its data folder; on
// PostgreSQL it gets a scratch database of its own, dropped after the suite.
import { suiteFixture } from './suite-fixture.js';

export const ENGINES = ['SQLite', 'PostgreSQL'] as const;
export type EngineName = (typeof ENGINES)[number];

type Hook = (fn: () => Promise<void>) => void;
const mocha = globalThis as unknown as { after: Hook };

/**
 * Before the suite's tests: on PostgreSQL a new database from `createPostgres()`, then `start(databaseUrl)` (no URL
 * on SQLite). After them: the app closed, then the database dropped. Returns the running app.
 */
export function appOnEngine<App extends { close(): unknown }>(
  engine: EngineName,
  createPostgres: () => Promise<{ url: string; drop(): Promise<void> }>,
  start: (databaseUrl: string | undefined) => Promise<App>,
): App {
  let database: { url: string; drop(): Promise<void> } | undefined;
  const app = suiteFixture(async () => {
    database = engine === 'PostgreSQL' ? await createPostgres() : undefined;
    return start(database?.url);
  });
  // Registered after the fixture's own after(): mocha runs it once the app has closed.
  mocha.after(async () => {
    await database?.drop();
    database = undefined;
  });
  return app;
}
