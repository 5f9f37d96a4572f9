// One declaration per table: a column map gives the mapping both ways (rowMapper) and the row type (RowOf).
import { expect } from 'chai';
import type { Insertable, Selectable } from 'kysely';
import { postgresDialect } from '../../src/kysely/postgres-dialect.js';
import { type Columns, type CustomCodec, type RowOf, rowMapper, type WithGenerated } from '../../src/kysely/table.js';

interface Key {
  id: string;
  notAfter: Date;
  retiredAt: Date | null;
  tags: string[];
}
const upper: CustomCodec<string> = { to: (v) => (v as string[]).join(',').toUpperCase(), from: (v) => v.toLowerCase().split(',') };
const COLUMNS = {
  id: 'id',
  notAfter: ['not_after', 'iso'],
  retiredAt: ['retired_at', 'iso?'],
  tags: ['tag_list', upper],
} as const satisfies Columns<Key>;
type KeysTable = RowOf<Key, typeof COLUMNS>;

// The row type follows from the map: each field's column, holding what its codec stores.
const row: KeysTable = { id: 'k1', not_after: '2027-01-01T00:00:00.000Z', retired_at: null, tag_list: 'A,B' };
// @ts-expect-error an 'iso' column holds ISO-8601 text, not a Date
const wrong: KeysTable = { ...row, not_after: new Date() };

// WithGenerated: a column the database fills is optional on insert, read back as its type; the others stay required.
const generatedLeftOut: Insertable<WithGenerated<KeysTable, 'id'>> = { not_after: row.not_after, retired_at: null, tag_list: 'A' };
// @ts-expect-error not_after is not generated: an insert needs it
const requiredLeftOut: Insertable<WithGenerated<KeysTable, 'id'>> = { retired_at: null, tag_list: 'A' };
const readBack: Selectable<WithGenerated<KeysTable, 'id'>>['id'] = 'k1';

describe('column maps (web table.ts)', () => {
  const mapper = rowMapper<Key, KeysTable>(postgresDialect(), COLUMNS);

  it('stores iso columns as ISO-8601 text on every engine, null staying null', () => {
    const key: Key = { id: 'k1', notAfter: new Date('2027-01-01T00:00:00Z'), retiredAt: null, tags: ['a', 'b'] };
    expect(mapper.toRow(key)).to.deep.equal(row);
    expect(mapper.toPatch({ retiredAt: new Date('2026-12-03T08:00:00Z') })).to.deep.equal({ retired_at: '2026-12-03T08:00:00.000Z' });
  });

  it('lets an insert leave out the columns the database generates (WithGenerated), and only those', () => {
    expect(generatedLeftOut).to.not.have.property('id');
    expect(requiredLeftOut).to.not.have.property('not_after');
    expect(readBack).to.equal('k1');
  });

  it('reads a row back into the record through each codec', () => {
    expect(mapper.fromRow(row)).to.deep.equal({ id: 'k1', notAfter: new Date('2027-01-01T00:00:00Z'), retiredAt: null, tags: ['a', 'b'] });
    expect(wrong.id).to.equal('k1');
  });
});
