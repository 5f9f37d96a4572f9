// One declaration per table: a column map gives the mapping both ways (rowMapper) and the row type (RowOf).
import { expect } from 'chai';
import { postgresDialect } from '../../src/kysely/postgres-dialect.js';
import { type Columns, type CustomCodec, type RowOf, rowMapper } from '../../src/kysely/table.js';

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

describe('column maps (web table.ts)', () => {
  const mapper = rowMapper<Key, KeysTable>(postgresDialect(), COLUMNS);

  it('stores iso columns as ISO-8601 text on every engine, null staying null', () => {
    const key: Key = { id: 'k1', notAfter: new Date('2027-01-01T00:00:00Z'), retiredAt: null, tags: ['a', 'b'] };
    expect(mapper.toRow(key)).to.deep.equal(row);
    expect(mapper.toPatch({ retiredAt: new Date('2026-12-03T08:00:00Z') })).to.deep.equal({ retired_at: '2026-12-03T08:00:00.000Z' });
  });

  it('reads a row back into the record through each codec', () => {
    expect(mapper.fromRow(row)).to.deep.equal({ id: 'k1', notAfter: new Date('2027-01-01T00:00:00Z'), retiredAt: null, tags: ['a', 'b'] });
    expect(wrong.id).to.equal('k1');
  });
});
