// SQLite statements are prepared once per SQL text and reused (a bounded LRU cache); a statement still streaming
// rows is never handed out a second time; and Kysely through the cache returns the same answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openKysely } from '../../src/kysely/index.js';
import { withStatementCache } from '../../src/kysely/sqlite-driver.js';
import { openSqliteFile, type SqliteDatabase } from '../../src/sqlite.js';

describe('SQLite prepared-statement cache', () => {
  let dir: string;
  let raw: SqliteDatabase;
  let prepared: string[];
  let cached: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-statement-cache-'));
    raw = openSqliteFile(join(dir, 'c.db'));
    raw.exec('CREATE TABLE notes (n INTEGER PRIMARY KEY)');
    prepared = [];
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof raw.prepare;
    cached = withStatementCache(raw, 2);
  });
  afterEach(() => {
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a SQL text once and reuses the statement', () => {
    const insert = 'INSERT INTO notes (n) VALUES (?)';
    for (let i = 1; i <= 5; i++) cached.prepare(insert).run(i);
    expect(cached.prepare('SELECT count(*) AS c FROM notes').get()).to.deep.equal({ c: 5 });
    expect(prepared).to.deep.equal([insert, 'SELECT count(*) AS c FROM notes']);
  });

  it('drops the least recently used statement past its size', () => {
    const [a, b, c] = ['SELECT 1 AS v', 'SELECT 2 AS v', 'SELECT 3 AS v'];
    cached.prepare(a).get();
    cached.prepare(b).get();
    cached.prepare(a).get(); // a is now the most recent: b goes when c comes
    cached.prepare(c).get();
    cached.prepare(a).get();
    cached.prepare(b).get();
    expect(prepared).to.deep.equal([a, b, c, b]);
  });

  it('prepares a second statement while the cached one is still streaming rows', () => {
    for (let i = 1; i <= 3; i++) cached.prepare('INSERT INTO notes (n) VALUES (?)').run(i);
    const select = 'SELECT n FROM notes ORDER BY n';
    const outer: number[] = [];
    const inner: number[][] = [];
    for (const row of cached.prepare(select).iterate() as IterableIterator<{ n: number }>) {
      outer.push(row.n);
      inner.push((cached.prepare(select).all() as { n: number }[]).map((r) => r.n));
    }
    expect(outer).to.deep.equal([1, 2, 3]);
    expect(inner).to.deep.equal([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('gives the same answers through Kysely as before, for reads and writes', async () => {
    const database = await openKysely<{ notes: { n: number } }>({ kind: 'sqlite', file: join(dir, 'k.db') });
    try {
      await database.db.schema
        .createTable('notes')
        .addColumn('n', 'integer', (c) => c.primaryKey())
        .execute();
      for (let i = 1; i <= 50; i++) await database.db.insertInto('notes').values({ n: i }).execute();
      const big = await database.db.selectFrom('notes').select('n').where('n', '>', 40).orderBy('n').execute();
      expect(big.map((r) => r.n)).to.deep.equal([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
      const deleted = await database.db.deleteFrom('notes').where('n', '<=', 10).executeTakeFirstOrThrow();
      expect(Number(deleted.numDeletedRows)).to.equal(10);
    } finally {
      await database.close();
    }
  });
});
