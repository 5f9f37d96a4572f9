// Kysely's SQLite driver prepares each SQL text once (statement-cache.ts): repeated texts reuse one prepared
// statement, the cache stays bounded, a statement still iterating is not reused, and schema changes are seen.
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { statementCache } from '../../src/kysely/statement-cache.js';
import type { SqliteDatabase } from '../../src/sqlite.js';

describe('SQLite statement cache', () => {
  let raw: SqliteDatabase;
  let prepared: number;
  beforeEach(() => {
    raw = new Database(':memory:');
    raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    raw.exec("INSERT INTO notes (text) VALUES ('a'), ('b')");
    prepared = 0;
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((sql: string) => {
      prepared += 1;
      return prepare(sql);
    }) as typeof raw.prepare;
  });
  afterEach(() => {
    if (raw.open) raw.close();
  });

  it('prepares a repeated SQL text once and runs it with each call’s parameters', () => {
    const db = statementCache(raw);
    const sql = 'SELECT text FROM notes WHERE id = ?';
    expect(db.prepare(sql).all([1])).to.deep.equal([{ text: 'a' }]);
    expect(db.prepare(sql).all([2])).to.deep.equal([{ text: 'b' }]);
    expect(prepared).to.equal(1);
  });

  it('keeps at most `max` statements, dropping the least recently used', () => {
    const db = statementCache(raw, 2);
    const [one, two, three] = ['SELECT 1', 'SELECT 2', 'SELECT 3'];
    db.prepare(one as string);
    db.prepare(two as string);
    db.prepare(one as string); // one is now the most recently used
    db.prepare(three as string); // drops two
    expect(db.cachedStatements).to.equal(2);
    prepared = 0;
    db.prepare(one as string);
    expect(prepared).to.equal(0);
    db.prepare(two as string);
    expect(prepared).to.equal(1);
  });

  it('gives a second use of a statement that is still iterating its own statement', () => {
    const db = statementCache(raw);
    const sql = 'SELECT text FROM notes ORDER BY id';
    const iterating = db.prepare(sql).iterate([]);
    expect(iterating.next().value).to.deep.equal({ text: 'a' });
    expect(db.prepare(sql).all([])).to.deep.equal([{ text: 'a' }, { text: 'b' }]);
    iterating.return?.();
  });

  it('returns the columns a later migration added from a statement prepared before it', () => {
    const db = statementCache(raw);
    const sql = 'SELECT * FROM notes WHERE id = ?';
    expect(db.prepare(sql).get([1])).to.deep.equal({ id: 1, text: 'a' });
    raw.exec("ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'new'");
    expect(db.prepare(sql).get([1])).to.deep.equal({ id: 1, text: 'a', tag: 'new' });
  });

  it('closes the database with the cache', () => {
    const db = statementCache(raw);
    db.prepare('SELECT 1');
    db.close();
    expect(raw.open).to.equal(false);
    expect(db.cachedStatements).to.equal(0);
  });
});
