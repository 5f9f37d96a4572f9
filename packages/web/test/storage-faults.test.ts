// A database that cannot be written answers 503 + Retry-After (not a bare 500), and the log gets the first failure
// with its stack and then a count per interval, never a stack per request. Real SQLite: a read-only connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logSink } from '@samlbridge/test-support';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { pino } from 'pino';
import { errorHandler, renderJsonError } from '../src/error-handler.js';
import type { RunningServer } from '../src/server.js';
import { isStorageFault, notWritableAtStart, storageFaultLog } from '../src/storage-faults.js';
import { serve } from './support/serve.js';

describe('storage faults', () => {
  let dir: string;
  let readOnly: Database.Database;
  let server: RunningServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-faults-'));
    const file = join(dir, 'app.db');
    const writer = new Database(file);
    writer.exec('create table t (x integer)');
    writer.close();
    readOnly = new Database(file, { readonly: true });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    readOnly.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const writeFails = (): unknown => {
    try {
      readOnly.exec('insert into t values (1)');
    } catch (err) {
      return err;
    }
    throw new Error('the read-only database accepted a write');
  };

  it('recognises SQLite read-only and full-disk errors and PostgreSQL connection loss, and not ordinary errors', () => {
    expect(isStorageFault(writeFails())).to.equal(true);
    expect(isStorageFault({ code: 'SQLITE_FULL' })).to.equal(true);
    expect(isStorageFault({ code: '57P01', message: 'terminating connection due to administrator command' })).to.equal(true);
    expect(isStorageFault(new Error('Connection terminated unexpectedly'))).to.equal(true);
    expect(isStorageFault({ code: '23505' })).to.equal(false);
    expect(isStorageFault(new TypeError('x is undefined'))).to.equal(false);
  });

  it('answers 503 with Retry-After and an actionable message when a write fails on a read-only database', async () => {
    const sink = logSink();
    const logger = pino({ level: 'info' }, sink.stream);
    server = await serve(errorHandler(logger, renderJsonError), async (ctx) => {
      readOnly.exec('insert into t values (1)');
      ctx.body = 'saved';
    });
    const res = await fetch(`${server.url}/save`, { method: 'POST' });
    expect(res.status).to.equal(503);
    expect(res.headers.get('retry-after')).to.equal('5');
    expect(await res.json()).to.deep.include({ error: 'storage_unavailable' });
  });

  it('logs the first storage fault with its stack, then only a count per interval', () => {
    const sink = logSink();
    const logger = pino({ level: 'info' }, sink.stream);
    let now = 1_000_000;
    const log = storageFaultLog(logger, 60_000, () => now);
    for (let i = 0; i < 500; i++) {
      log.report(writeFails(), '/save');
      now += 100; // 500 faults over 50 s
    }
    now += 20_000;
    log.report(writeFails(), '/save');
    const records = sink.records();
    expect(records).to.have.length(2);
    expect((records[0]?.err as { stack?: string })?.stack).to.contain('SqliteError');
    expect(records[1]).to.include({ count: 500 });
    expect(records[1]).to.not.have.property('err');
  });
});

describe('notWritableAtStart', () => {
  it('names the SQLite file, or the PostgreSQL URL setting, the cause and what to check', () => {
    const sqlite = notWritableAtStart(
      'SP',
      { kind: 'sqlite', file: '/data/sp.db' },
      'SP_DATABASE_URL',
      new Error('attempt to write a readonly database'),
    );
    expect(sqlite).to.equal(
      'The SP cannot write its SQLite file /data/sp.db: attempt to write a readonly database. Check that the file and its folder are writable by this user and the disk has free space (PostgreSQL: the server is up and the user may write); the SP does not start on a database it cannot write.',
    );
    const postgres = notWritableAtStart('IdP', { kind: 'postgres' }, 'IDP_DATABASE_URL', new Error('read-only transaction'));
    expect(postgres).to.match(/^The IdP cannot write its PostgreSQL database \(IDP_DATABASE_URL\): read-only transaction\. /);
  });
});
