// web's keyedTable (one record per key) and table().update on both engines: the key and the time of the write stay
// the store's, a second put replaces the record, an update returns the record as it is now, and a nullable BIGINT
// ('number?') reads back as a number or null.
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type Columns, type Keyed, keyedTable, type RowOf, type SqlDialect, table } from '../../src/kysely/index.js';
import { describeOnBothEngines } from './engines.js';

interface Options {
  label: string;
  enabled: boolean;
}
const OPTIONS = {
  key: 'app_id',
  label: 'label',
  enabled: ['enabled', 'bool'],
  updatedAt: ['updated_at', 'date'],
} as const satisfies Columns<Keyed<Options>>;
type OptionsTable = RowOf<Keyed<Options>, typeof OPTIONS>;

interface Counter {
  id: string;
  name: string;
  step: number | null;
}
const COUNTER = { id: 'id', name: 'name', step: ['step', 'number?'] } as const satisfies Columns<Counter>;
type CountersTable = RowOf<Counter, typeof COUNTER> & { name_key: string };

interface Tables {
  options: OptionsTable;
  counters: CountersTable;
}

describeOnBothEngines('keyedTable and table().update', (engine, kind) => {
  let db: Kysely<Tables>;
  let dialect: SqlDialect;
  beforeEach(async () => {
    const opened = await engine.open<Tables>(await engine.freshTarget());
    ({ db, dialect } = opened);
    const time = kind === 'postgres' ? 'timestamptz' : 'text';
    await db.schema
      .createTable('options')
      .addColumn('app_id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('enabled', kind === 'postgres' ? 'boolean' : 'integer', (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('counters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('step', 'bigint')
      .execute();
  });

  it('reads nothing for a key never put, and the record alone (no key, no time) once put', async () => {
    const options = keyedTable<Options, string, OptionsTable>(db, dialect, 'options', OPTIONS);
    expect(await options.get('app-1')).to.equal(undefined);
    await options.put('app-1', { label: 'first', enabled: true }, new Date('2026-12-03T10:00:00Z'));
    expect(await options.get('app-1')).to.deep.equal({ label: 'first', enabled: true });
    const row = await db.selectFrom('options').selectAll().executeTakeFirstOrThrow();
    expect(dialect.fromDbDate(row.updated_at).toISOString()).to.equal('2026-12-03T10:00:00.000Z');
  });

  it('replaces the record of a key on a second put, leaving other keys alone', async () => {
    const options = keyedTable<Options, string, OptionsTable>(db, dialect, 'options', OPTIONS);
    await options.put('app-1', { label: 'first', enabled: true }, new Date('2026-12-03T10:00:00Z'));
    await options.put('app-2', { label: 'other', enabled: true }, new Date('2026-12-03T10:00:00Z'));
    await options.put('app-1', { label: 'second', enabled: false }, new Date('2026-12-03T11:00:00Z'));
    expect(await options.get('app-1')).to.deep.equal({ label: 'second', enabled: false });
    expect(await options.get('app-2')).to.deep.equal({ label: 'other', enabled: true });
    expect(await db.selectFrom('options').select('app_id').execute()).to.have.length(2);
  });

  it('updates the fields a patch has plus extra columns, and returns the record as it is now', async () => {
    const counters = table<Counter, CountersTable>(db, dialect, 'counters', COUNTER);
    await counters.insert({ id: 'c1', name: 'One', step: null }, { name_key: 'one' });
    expect(await counters.update({ id: 'c1' }, { name: 'Uno', step: undefined }, { name_key: 'uno' })).to.deep.equal({
      id: 'c1',
      name: 'Uno',
      step: null,
    });
    expect((await db.selectFrom('counters').select('name_key').executeTakeFirstOrThrow()).name_key).to.equal('uno');
    expect(await counters.update({ id: 'absent' }, { name: 'x' })).to.equal(undefined);
  });

  it('reads a nullable BIGINT back as a number, and null as null', async () => {
    const counters = table<Counter, CountersTable>(db, dialect, 'counters', COUNTER);
    await counters.insert({ id: 'c1', name: 'One', step: 59_000_000_123 }, { name_key: 'one' });
    await counters.insert({ id: 'c2', name: 'Two', step: null }, { name_key: 'two' });
    expect((await counters.find({ id: 'c1' }))?.step).to.equal(59_000_000_123);
    expect((await counters.find({ id: 'c2' }))?.step).to.equal(null);
  });
});
