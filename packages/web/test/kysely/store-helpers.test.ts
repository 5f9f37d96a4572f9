// The helpers the repositories of both apps share (web kysely: expired-rows.ts, chunks.ts, transaction.ts `atomically`,
// table.ts `countRows`, `upsertMany`, JSON_TEXT), on both engines. PostgreSQL side: a scratch database (engines.ts).
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import {
  atomically,
  chunksOf,
  countRows,
  deleteExpired,
  deleteExpiredBatch,
  JSON_TEXT,
  JSON_TEXT_OR_NULL,
  type SqlDialect,
  table,
} from '../../src/kysely/index.js';
import { describeOnBothEngines } from './engines.js';

interface Tables {
  flows: { id: string; expires_at: string };
  traces: { tenant: string; id: string; expires_at: string };
  seats: { room: string; seat: string; person: string; booked_by: string; note: string | null };
}

interface Seat {
  room: string;
  seat: string;
  person: string;
  bookedBy: string;
  note: { text: string } | null;
}
const SEAT = { room: 'room', seat: 'seat', person: 'person', bookedBy: 'booked_by', note: ['note', JSON_TEXT_OR_NULL] } as const;

describe('chunksOf (web chunks.ts)', () => {
  it('splits a list into runs of at most the given size, in order, and an empty list into none', () => {
    expect([...chunksOf([1, 2, 3, 4, 5], 2)]).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect([...chunksOf(Array.from({ length: 1001 }, (_, i) => i))].map((c) => c.length)).to.deep.equal([500, 500, 1]);
    expect([...chunksOf([], 2)]).to.deep.equal([]);
  });
});

describe('JSON_TEXT (web table.ts)', () => {
  it('stores JSON as text and reads it back, null staying null in the nullable codec', () => {
    expect(JSON_TEXT.to?.({ a: [1] }, undefined as never)).to.equal('{"a":[1]}');
    expect(JSON_TEXT.from('{"a":[1]}', undefined as never)).to.deep.equal({ a: [1] });
    expect(JSON_TEXT_OR_NULL.to?.(null, undefined as never)).to.equal(null);
    expect(JSON_TEXT_OR_NULL.from(null, undefined as never)).to.equal(null);
  });
});

describeOnBothEngines('store helpers', (engine, kind) => {
  let db: Kysely<Tables>;
  let dialect: SqlDialect;
  const at = (iso: string) => new Date(iso);
  beforeEach(async () => {
    ({ db, dialect } = await engine.open<Tables>(await engine.freshTarget()));
    await db.schema
      .createTable('flows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', kind === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('traces')
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('traces_pk', ['tenant', 'id'])
      .execute();
    await db.schema
      .createTable('seats')
      .addColumn('room', 'text', (c) => c.notNull())
      .addColumn('seat', 'text', (c) => c.notNull())
      .addColumn('person', 'text', (c) => c.notNull())
      .addColumn('booked_by', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('seats_pk', ['room', 'seat'])
      .execute();
  });

  it('deletes the rows whose expiry has passed, a row at its expiry included unless it counts until then', async () => {
    const rows = ['09:00', '10:00', '11:00'].map((t) => ({ id: t, expires_at: dialect.toDbDate(at(`2026-12-03T${t}:00Z`)) }));
    await db.insertInto('flows').values(rows).execute();
    expect(await deleteExpired({ db, dialect }, 'flows', at('2026-12-03T10:00:00Z'), { inclusive: true })).to.equal(1);
    expect(await deleteExpired({ db, dialect }, 'flows', at('2026-12-03T10:00:00Z'))).to.equal(1);
    expect((await db.selectFrom('flows').select('id').execute()).map((r) => r.id)).to.deep.equal(['11:00']);
  });

  it('deletes a batch of the oldest expired rows by their whole key, leaving the rest for the next batch', async () => {
    const rows = [
      { tenant: 'a', id: '1', expires_at: '2026-12-03T09:00:00.000Z' },
      { tenant: 'b', id: '1', expires_at: '2026-12-03T08:00:00.000Z' },
      { tenant: 'a', id: '2', expires_at: '2026-12-03T10:00:00.000Z' },
      { tenant: 'b', id: '2', expires_at: '2026-12-03T12:00:00.000Z' },
    ];
    await db.insertInto('traces').values(rows).execute();
    const now = at('2026-12-03T10:00:00Z');
    expect(await deleteExpiredBatch(db, 'traces', ['tenant', 'id'], now, 2)).to.equal(2);
    const left = await db.selectFrom('traces').select(['tenant', 'id']).orderBy('tenant').orderBy('id').execute();
    expect(left).to.deep.equal([
      { tenant: 'a', id: '2' },
      { tenant: 'b', id: '2' },
    ]);
    expect(await deleteExpiredBatch(db, 'traces', ['tenant', 'id'], now, 2)).to.equal(1);
    expect(await deleteExpiredBatch(db, 'traces', ['tenant', 'id'], now, 2)).to.equal(0);
  });

  it('counts the rows of a query', async () => {
    await db
      .insertInto('flows')
      .values([{ id: 'a', expires_at: dialect.toDbDate(at('2026-12-03T09:00:00Z')) }])
      .execute();
    expect(await countRows(db.selectFrom('flows'))).to.equal(1);
    expect(await countRows(db.selectFrom('flows').where('id', '=', 'b'))).to.equal(0);
  });

  it('joins the running transaction, or runs in one of its own that rolls back as a whole', async () => {
    const insert = (on: Kysely<Tables>, id: string) =>
      on
        .insertInto('flows')
        .values({ id, expires_at: dialect.toDbDate(at('2026-12-03T09:00:00Z')) })
        .execute();
    await atomically(db, async (trx) => {
      await insert(trx, 'a');
      expect(await atomically(trx, async (joined) => joined === trx)).to.equal(true);
    });
    const failed = await atomically(db, async (trx) => {
      await insert(trx, 'b');
      throw new Error('refused');
    }).catch((err: Error) => err.message);
    expect(failed).to.equal('refused');
    expect((await db.selectFrom('flows').select('id').execute()).map((r) => r.id)).to.deep.equal(['a']);
  });

  it('upserts several records in one statement: a stored key takes the new values except the columns kept', async () => {
    const seats = table<Seat, Tables['seats']>(db, dialect, 'seats', SEAT);
    await seats.upsertMany([{ room: 'r', seat: '1', person: 'ann', bookedBy: 'ann', note: null }], ['room', 'seat'], ['booked_by']);
    await seats.upsertMany(
      [
        { room: 'r', seat: '1', person: 'bob', bookedBy: 'bob', note: { text: 'moved' } },
        { room: 'r', seat: '2', person: 'cy', bookedBy: 'cy', note: null },
      ],
      ['room', 'seat'],
      ['booked_by'],
    );
    await seats.upsertMany([], ['room', 'seat']);
    expect(await seats.find({ room: 'r', seat: '1' })).to.deep.equal({
      room: 'r',
      seat: '1',
      person: 'bob',
      bookedBy: 'ann',
      note: { text: 'moved' },
    });
    expect(await seats.find({ room: 'r', seat: '2' })).to.deep.equal({ room: 'r', seat: '2', person: 'cy', bookedBy: 'cy', note: null });
  });
});
