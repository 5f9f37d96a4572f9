import { expect } from 'chai';
import pg from 'pg';
import { setDatabaseReadOnly } from '../src/read-only-database.js';
import { testDatabaseServer } from '../src/test-database.js';

describe('setDatabaseReadOnly', function () {
  this.timeout(30_000);
  const name = `ts_readonly_${process.pid}`;
  const url = () => Object.assign(new URL(testDatabaseServer()), { pathname: `/${name}` }).href;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: testDatabaseServer() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const createTable = async (): Promise<string | undefined> => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (id int)');
      return undefined;
    } catch (err) {
      return (err as { code?: string }).code;
    } finally {
      await client.end();
    }
  };
  beforeEach(() => admin((c) => c.query(`CREATE DATABASE "${name}"`)));
  afterEach(() => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));

  it('makes new connections refuse writes (SQLSTATE 25006), and lets them write again when turned off', async () => {
    await setDatabaseReadOnly(url(), true);
    expect(await createTable()).to.equal('25006');
    await setDatabaseReadOnly(url(), false);
    expect(await createTable()).to.equal(undefined);
  });

  it('ends the connections already open, which keep the setting they started with', async () => {
    const open = new pg.Client({ connectionString: url() });
    // The server ends this connection on purpose: the test reads that from the query's rejection below, and the
    // client's 'error' event (which would otherwise end the process) carries nothing more.
    open.on('error', () => {});
    await open.connect();
    await setDatabaseReadOnly(url(), true);
    const err = await open.query('SELECT 1').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.match(/connection/i);
    await open.end().catch(() => {});
  });
});
