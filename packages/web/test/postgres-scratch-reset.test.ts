// Emptying a scratch PostgreSQL database between tests: `reset()` (postgres-scratch.ts) for the store suites that
// keep one migrated database, and kysely/engines.ts `emptyAgain` for the suites that want a new empty database
// per test and get a used one emptied instead.
import { eventually, testDatabaseServer } from '@samlbridge/test-support';
import { expect } from 'chai';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase } from '../src/index.js';
import { emptyAgain } from './kysely/engines.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('Emptying a scratch PostgreSQL database between tests', () => {
  let database: ScratchDatabase;
  beforeEach(async () => {
    database = await createScratchDatabase(testDatabaseServer(), 'web_empty_again');
  });
  afterEach(() => database.drop());

  it('reset() empties every table holding rows, keeps the migration bookkeeping, and starts every used sequence again, also of a table emptied meanwhile', async () => {
    await query(
      database.url,
      `CREATE TABLE schema_migrations (version int);
       CREATE TABLE named_migrations (name text);
       CREATE TABLE parent (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
       CREATE TABLE child (id serial PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id));
       CREATE TABLE emptied (id int GENERATED ALWAYS AS IDENTITY, note text);
       CREATE TABLE untouched (id int GENERATED ALWAYS AS IDENTITY, note text);
       INSERT INTO schema_migrations VALUES (1); INSERT INTO named_migrations VALUES ('first');
       INSERT INTO parent (note) VALUES ('a'), ('b'); INSERT INTO child (parent_id) VALUES (1), (2), (2);
       INSERT INTO emptied (note) VALUES ('gone'); DELETE FROM emptied;`,
    );
    await database.reset();
    const counts = await query<{ parent: number; child: number; emptied: number; schema_migrations: number; named_migrations: number }>(
      database.url,
      `SELECT (SELECT count(*) FROM parent)::int AS parent, (SELECT count(*) FROM child)::int AS child,
              (SELECT count(*) FROM emptied)::int AS emptied, (SELECT count(*) FROM schema_migrations)::int AS schema_migrations,
              (SELECT count(*) FROM named_migrations)::int AS named_migrations`,
    );
    expect(counts).to.deep.equal([{ parent: 0, child: 0, emptied: 0, schema_migrations: 1, named_migrations: 1 }]);
    const ids = await query<{ parent: number; child: number; emptied: number; untouched: number }>(
      database.url,
      `WITH p AS (INSERT INTO parent (note) VALUES ('again') RETURNING id),
            e AS (INSERT INTO emptied (note) VALUES ('again') RETURNING id),
            u AS (INSERT INTO untouched (note) VALUES ('first') RETURNING id)
       SELECT (SELECT id FROM p) AS parent, (SELECT id FROM e) AS emptied, (SELECT id FROM u) AS untouched,
              nextval(pg_get_serial_sequence('child', 'id'))::int AS child`,
    );
    expect(ids).to.deep.equal([{ parent: 1, child: 1, emptied: 1, untouched: 1 }]);
  });

  it('reset() keeps one connection of its own across resets, connects again after the server ended it, and drop() ends it', async () => {
    const others = (url: string) =>
      query<{ pid: number }>(url, 'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await database.reset();
    const [first] = await others(database.url);
    await database.reset();
    expect(await others(database.url)).to.deep.equal([first]);
    await query(database.url, `SELECT pg_terminate_backend(${Number(first?.pid)})`);
    await eventually(async () => expect(await others(database.url)).to.deep.equal([]));
    await database.reset(); // a test that ends backends must not break the next test's reset
    const [second] = await others(database.url);
    expect(second?.pid).to.be.a('number').and.not.equal(first?.pid);
    const name = new URL(database.url).pathname.slice(1);
    await database.drop();
    expect(await query(testDatabaseServer(), `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).to.deep.equal([]);
    database = await createScratchDatabase(testDatabaseServer(), 'web_empty_again'); // for afterEach
  });

  it('emptyAgain() leaves nothing in the public schema, ends the connections left open, and makes the schema as CREATE DATABASE does', async () => {
    const schema = `SELECT pg_get_userbyid(nspowner) AS owner, nspacl::text AS acl FROM pg_namespace WHERE nspname = 'public'`;
    const fresh = await query(database.url, schema);
    await query(
      database.url,
      `CREATE TABLE kept (id serial PRIMARY KEY, note text); CREATE INDEX kept_note ON kept (note);
       CREATE SEQUENCE loose; CREATE TYPE mood AS ENUM ('ok'); CREATE VIEW kept_view AS SELECT * FROM kept;
       CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'; INSERT INTO kept (note) VALUES ('x');`,
    );
    const leftOpen = new pg.Client({ connectionString: database.url });
    const ended = new Promise<Error>((resolve) => leftOpen.on('error', resolve));
    await leftOpen.connect();
    await leftOpen.query('BEGIN; SELECT * FROM kept');
    await emptyAgain(database);
    expect((await ended).message).to.match(/terminat/);
    const left = await query<{ n: number }>(
      database.url,
      `SELECT ((SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)
             + (SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace)
             + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace))::int AS n`,
    );
    expect(left).to.deep.equal([{ n: 0 }]);
    expect(await query(database.url, schema)).to.deep.equal(fresh);
  });
});
