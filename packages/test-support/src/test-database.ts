/**
 * The PostgreSQL server the PostgreSQL suites run against (TEST_DATABASE_URL). Missing → a clear failure,
 * never a skip: a green run must mean PostgreSQL was tested.
 */
export function testDatabaseServer(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: the PostgreSQL tests need a server. Run them with `npm test` (it starts a throwaway cluster), or set TEST_DATABASE_URL=postgres://user@host:port/db (a role that may CREATE DATABASE).',
    );
  }
  return url;
}
