// A PostgreSQL connection lost while idle in the pool (server restart, administrator) is logged, never
// swallowed, and does not crash the process; the next query gets a new connection.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL.
import { Writable } from 'node:stream';
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createScratchDatabase, openPostgres, type ScratchDatabase } from '../../src/index.js';
import { openKysely } from '../../src/kysely/index.js';

describe('PostgreSQL pools (openKysely, openPostgres): pool errors', () => {
  let scratch: ScratchDatabase | undefined;
  before(async () => {
    const server = process.env.TEST_DATABASE_URL;
    if (!server) throw new Error('TEST_DATABASE_URL is not set: run the tests through `npm test`, which starts a PostgreSQL cluster');
    scratch = await createScratchDatabase(server, 'web_pool_errors');
  });
  after(async () => scratch?.drop());

  /** A warn-level logger and the messages it wrote. */
  const capture = () => {
    const logged: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged.push((JSON.parse(String(chunk)) as { msg: string }).msg);
        done();
      },
    });
    return { logged, logger: pino({ level: 'warn' }, sink) };
  };
  const waitForLog = (logged: string[]) => eventually(() => logged.length > 0, { timeoutMs: 2000, what: 'a pool error log line' });

  it('logs an idle pooled connection the server ended, and serves the next query on a new one', async () => {
    const { logged, logger } = capture();
    const url = (scratch as ScratchDatabase).url;
    const app = await openKysely({ kind: 'postgres', url, poolSize: 1 }, { logger });
    const admin = await openKysely({ kind: 'postgres', url, poolSize: 1 });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(app.db);
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(admin.db);
      await waitForLog(logged);
      expect(logged).to.deep.equal(['PostgreSQL connection error (idle pooled client)']);
      expect((await sql<{ one: number }>`select 1 as one`.execute(app.db)).rows).to.deep.equal([{ one: 1 }]);
    } finally {
      await app.close();
      await admin.close();
    }
  });

  it('openPostgres (legacy lists) logs an idle pooled connection the server ended to its logger, and recovers', async () => {
    const { logged, logger } = capture();
    const url = (scratch as ScratchDatabase).url;
    const pool = await openPostgres(url, [], { component: 'web_pool_errors', max: 1, logger });
    const admin = await openKysely({ kind: 'postgres', url, poolSize: 1 });
    try {
      const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(admin.db);
      await waitForLog(logged);
      expect(logged).to.deep.equal(['PostgreSQL: an idle pooled connection was lost; the pool opens a new one']);
      expect((await pool.query<{ one: number }>('select 1 as one')).rows).to.deep.equal([{ one: 1 }]);
    } finally {
      await pool.end();
      await admin.close();
    }
  });
});
