import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SamlbridgeError } from '@samlbridge/errors';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openSqlite, type SqliteDatabase } from '../src/sqlite.js';
import { sqliteTransactionQueue } from '../src/sqlite-transactions.js';

const MIGRATIONS = ['CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)'];

/** 'committed', or the code of the error a transaction rejected with. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'committed',
    (e: { code: string }) => e.code,
  );

/** Real I/O that lets other requests' code run: an event-loop turn, or a read of this file. */
async function io(i: number): Promise<void> {
  if (i % 2 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  else await readFile(fileURLToPath(import.meta.url));
}

describe('SQLite transactions (first-in, first-out queue on one connection)', () => {
  let dir: string;
  let n = 0;
  const opened: Database.Database[] = [];
  const open = () => {
    const db = openSqlite(join(dir, `tx-${++n}.db`), MIGRATIONS);
    opened.push(db);
    return db;
  };
  const notes = (db: SqliteDatabase) => (db.prepare('SELECT text FROM notes ORDER BY text').all() as { text: string }[]).map((r) => r.text);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-tx-'));
  });
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs 20 concurrent transactions one at a time in arrival order while their bodies await real I/O', async () => {
    const db = open();
    const queue = sqliteTransactionQueue(db);
    const log: string[] = [];
    const outsideSawTransaction: boolean[] = [];
    const work = Array.from({ length: 20 }, (_, i) => [
      queue.transaction(async () => {
        log.push(`begin ${i}`);
        db.prepare('INSERT INTO notes (text) VALUES (?)').run(`unit ${i}`);
        await io(i);
        await io(i + 1);
        log.push(`end ${i}`);
        if (i % 5 === 4) throw new SamlbridgeError('asked_to_roll_back', `unit ${i} rolls back`);
      }),
      queue.outside(async () => {
        outsideSawTransaction.push(db.inTransaction);
        log.push(`outside ${i}`);
        db.prepare('INSERT INTO notes (text) VALUES (?)').run(`outside ${i}`);
      }),
    ]);
    const settled = await Promise.allSettled(work.flat());

    expect(settled.filter((s) => s.status === 'rejected').map((s) => (s.reason as Error).message)).to.deep.equal(
      [4, 9, 14, 19].map((i) => `unit ${i} rolls back`),
    );
    expect(log).to.deep.equal(Array.from({ length: 20 }, (_, i) => [`begin ${i}`, `end ${i}`, `outside ${i}`]).flat());
    expect(outsideSawTransaction).to.deep.equal(Array(20).fill(false));
    const kept = Array.from({ length: 20 }, (_, i) => [...(i % 5 === 4 ? [] : [`unit ${i}`]), `outside ${i}`]).flat();
    expect(notes(db)).to.deep.equal(kept.sort());
  });

  it('keeps the order and the exclusion when a BEGIN fails because another connection holds the write lock', async () => {
    const db = open();
    db.pragma('busy_timeout = 0'); // a BEGIN IMMEDIATE against the held lock fails at once (SQLITE_BUSY)
    const other = new Database(db.name);
    opened.push(other);
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO notes (text) VALUES (?)').run('other connection');
    const queue = sqliteTransactionQueue(db);
    const log: string[] = [];
    const later: Promise<unknown>[] = [];
    const unit = (name: string, opts: { outside?: string; fail?: boolean } = {}) =>
      queue.transaction(async () => {
        log.push(`begin ${name}`);
        db.prepare('INSERT INTO notes (text) VALUES (?)').run(name);
        await io(0);
        if (opts.outside) {
          const text = opts.outside;
          // Issued while this transaction is open: waits for its turn, after everything queued before it.
          later.push(
            queue.outside(async () => {
              log.push(`${text} (in a transaction: ${db.inTransaction})`);
              db.prepare('INSERT INTO notes (text) VALUES (?)').run(text);
            }),
          );
        }
        await io(1);
        log.push(`end ${name}`);
        if (opts.fail) throw new SamlbridgeError('asked_to_roll_back', `${name} rolls back`);
      });

    // A statement in flight keeps the connection busy while the rest queue up behind it.
    const reading = queue.outside(async () => {
      await io(1);
      log.push('read');
    });
    const blocked = [unit('t1'), unit('t2')];
    const release = queue.outside(async () => {
      other.exec('COMMIT');
      log.push('lock released');
    });
    const t3 = unit('t3', { outside: 'written during t3' });
    const t4 = unit('t4', { outside: 'written during t4', fail: true });
    const t5 = unit('t5');

    expect(await Promise.all([...blocked, t3, t4, t5].map(outcome))).to.deep.equal([
      'SQLITE_BUSY',
      'SQLITE_BUSY',
      'committed',
      'asked_to_roll_back',
      'committed',
    ]);
    await Promise.all([reading, release, ...later]);
    expect(log).to.deep.equal([
      'read',
      'lock released',
      'begin t3',
      'end t3',
      'begin t4',
      'end t4',
      'begin t5',
      'end t5',
      'written during t3 (in a transaction: false)',
      'written during t4 (in a transaction: false)',
    ]);
    expect(notes(db)).to.deep.equal(['other connection', 't3', 't5', 'written during t3', 'written during t4']);
  });
});
