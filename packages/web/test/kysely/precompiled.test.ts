// web's precompiled statements on both engines: a statement compiled once answers each call with that call's values
// (literals compiled in stay), a multi-row insert is compiled per row count and set of columns, rows it cannot
// compile in advance (a column left out in one row, an SQL expression as a value) are built as usual, and inside a
// transaction every statement is built as usual (the transaction's plugins see it).
// On SQLite and on the PostgreSQL server of TEST_DATABASE_URL (engines.ts).
import { expect } from 'chai';
import { type Kysely, sql } from 'kysely';
import { inTransaction, precompiled, precompiledRows } from '../../src/kysely/index.js';
import { describeOnBothEngines } from './engines.js';

interface Tables {
  items: { id: string; kind: string; note: string | null };
}

describeOnBothEngines('precompiled statements', (engine) => {
  let db: Kysely<Tables>;
  /** Statements Kysely compiled from a query builder (a precompiled call compiles none). */
  let compiles: number;
  beforeEach(async () => {
    const opened = await engine.open<Tables>(await engine.freshTarget());
    compiles = 0;
    db = opened.db.withPlugin({
      transformQuery: ({ node }) => {
        compiles += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    await db.schema
      .createTable('items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
  });

  const insertRows = () => precompiledRows(db, (rows) => db.insertInto('items').values(rows as Tables['items'][]));
  const byKind = () =>
    precompiled(db, (p: (name: 'kind') => string) =>
      db.selectFrom('items').select('id').where('kind', '=', p('kind')).where('id', '<>', 'skipped').orderBy('id'),
    );

  it('answers each call with its own values, compiling the statement once', async () => {
    await insertRows()([
      { id: 'a', kind: 'x', note: null },
      { id: 'b', kind: 'y', note: 'n' },
      { id: 'skipped', kind: 'x', note: null },
    ]);
    const find = byKind();
    const before = compiles;
    expect((await find({ kind: 'x' })).rows).to.deep.equal([{ id: 'a' }]);
    expect((await find({ kind: 'y' })).rows).to.deep.equal([{ id: 'b' }]);
    expect((await find({ kind: 'z' })).rows).to.deep.equal([]);
    expect(compiles - before).to.equal(1);
  });

  it('inserts groups of rows of any size, compiling once per row count', async () => {
    const insert = insertRows();
    const before = compiles;
    for (const group of [['1', '2'], ['3', '4'], ['5'], ['6', '7', '8']]) {
      await insert(group.map((id) => ({ id, kind: `k${id}`, note: id === '4' ? null : `n${id}` })));
    }
    expect(compiles - before).to.equal(3);
    const rows = await db.selectFrom('items').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.kind, r.note])).to.deep.equal(
      ['1', '2', '3', '4', '5', '6', '7', '8'].map((id) => [id, `k${id}`, id === '4' ? null : `n${id}`]),
    );
  });

  it('builds rows that leave a column out, or hold an SQL expression, as usual', async () => {
    const insert = insertRows();
    await insert([
      { id: 'a', kind: 'x' },
      { id: 'b', kind: 'y', note: 'n' },
    ]);
    await insert([{ id: 'c', kind: sql<string>`'from sql'`, note: null }]);
    const rows = await db.selectFrom('items').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.kind, r.note])).to.deep.equal([
      ['a', 'x', null],
      ['b', 'y', 'n'],
      ['c', 'from sql', null],
    ]);
  });

  it('builds every statement inside a transaction, so a statement after its end is refused', async () => {
    let late: (() => Promise<unknown>) | undefined;
    await inTransaction(db, async (trx) => {
      const insert = precompiledRows(trx, (rows) => trx.insertInto('items').values(rows as Tables['items'][]));
      await insert([{ id: 'a', kind: 'x', note: null }]);
      late = () => insert([{ id: 'b', kind: 'x', note: null }]);
    });
    let error: unknown;
    await late?.().catch((err: unknown) => {
      error = err;
    });
    expect((error as { code?: string }).code).to.equal('transaction_ended');
    expect((await db.selectFrom('items').select('id').execute()).map((r) => r.id)).to.deep.equal(['a']);
  });
});
