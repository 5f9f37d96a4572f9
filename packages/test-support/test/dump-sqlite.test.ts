import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { dumpSqlite } from '../src/dump-sqlite.js';

describe('dumpSqlite', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'test-support-dump-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns every row of every table of a real SQLite file, table names quoted, and closes the database', () => {
    const file = join(dir, 'two-tables.db');
    const setup = new Database(file);
    setup.exec(`CREATE TABLE users (id INTEGER, secret TEXT); INSERT INTO users VALUES (1, 'hunter2');
      CREATE TABLE "we""ird" (k TEXT); INSERT INTO "we""ird" VALUES ('v');`);
    setup.close();
    let opened: Database.Database | undefined;
    const dump = dumpSqlite(file, (f) => (opened = new Database(f, { readonly: true })));
    expect(dump).to.equal('[{"id":1,"secret":"hunter2"}]\n[{"k":"v"}]');
    expect(opened?.open).to.equal(false);
  });
});
