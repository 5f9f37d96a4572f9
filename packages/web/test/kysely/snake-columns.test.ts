// snakeColumns: a column map whose columns are named after their fields in snake_case, fields grouped by how they
// are stored, the columns named otherwise given as is; the map and the row type are what a written-out map gives.
import { expect } from 'chai';
import { type Columns, type Keyed, keyedColumns, type RowOf, rowMapper } from '../../src/kysely/index.js';
import { postgresDialect } from '../../src/kysely/postgres-dialect.js';
import { snakeCase, snakeColumns } from '../../src/kysely/snake-columns.js';

interface Factor {
  id: string;
  secretSealed: string | null;
  sha256: string;
  lastUsedStep: number | null;
  confirmedAt: Date | null;
  createdAt: Date;
  data: { counter: number } | null;
}
const GROUPED = snakeColumns<Factor>()({
  text: ['id', 'secretSealed', 'sha256'],
  date: ['createdAt'],
  'date?': ['confirmedAt'],
  'json?': ['data'],
  'number?': ['lastUsedStep'],
});
const WRITTEN_OUT = {
  id: 'id',
  secretSealed: 'secret_sealed',
  sha256: 'sha256',
  lastUsedStep: ['last_used_step', 'number?'],
  confirmedAt: ['confirmed_at', 'date?'],
  createdAt: ['created_at', 'date'],
  data: ['data', 'json?'],
} as const satisfies Columns<Factor>;

// The row type is the written-out map's, column for column.
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const sameRow: Same<RowOf<Factor, typeof GROUPED>, RowOf<Factor, typeof WRITTEN_OUT>> = true;

const SETTINGS = snakeColumns<Keyed<{ graceSeconds: number }, number>>()({ text: ['graceSeconds'], date: ['updatedAt'] }, { key: 'id' });
// keyedColumns: the same map with the key and the time of the write added, and the same row type.
const KEYED = keyedColumns<{ graceSeconds: number }>()('id', { text: ['graceSeconds'] });
const sameKeyedRow: Same<
  RowOf<Keyed<{ graceSeconds: number }, number>, typeof KEYED>,
  RowOf<Keyed<{ graceSeconds: number }, number>, typeof SETTINGS>
> = true;

describe('snakeColumns (web kysely)', () => {
  it('names each column after its field in snake_case, digits kept', () => {
    expect(['lastUsedAt', 'sha256', 'idpEntityId', 'id'].map(snakeCase)).to.deep.equal(['last_used_at', 'sha256', 'idp_entity_id', 'id']);
  });

  it('gives the same map as the written-out one, a text field as its column name, the others with their codec', () => {
    expect(GROUPED).to.deep.equal(WRITTEN_OUT);
    expect(sameRow).to.equal(true);
  });

  it('keeps the columns named otherwise as given (a keyed record stored under `id`)', () => {
    expect(SETTINGS).to.deep.equal({ key: 'id', graceSeconds: 'grace_seconds', updatedAt: ['updated_at', 'date'] });
  });

  it('gives a keyed table the key column and updated_at besides the columns of the record (keyedColumns)', () => {
    expect(KEYED).to.deep.equal(SETTINGS);
    expect(sameKeyedRow).to.equal(true);
    const named = keyedColumns<{ binding: string }>()('application_id', {}, { binding: ['binding_name', { from: (v) => v }] });
    expect(named.key).to.equal('application_id');
    expect(named.binding[0]).to.equal('binding_name');
  });

  it('maps rows both ways like the written-out map', () => {
    const dialect = postgresDialect();
    const record: Factor = {
      id: 'f1',
      secretSealed: null,
      sha256: 'ab',
      lastUsedStep: 7,
      confirmedAt: null,
      createdAt: new Date('2026-12-03T10:00:00Z'),
      data: { counter: 1 },
    };
    const grouped = rowMapper<Factor, RowOf<Factor, typeof GROUPED>>(dialect, GROUPED);
    const written = rowMapper<Factor, RowOf<Factor, typeof WRITTEN_OUT>>(dialect, WRITTEN_OUT);
    expect(grouped.toRow(record)).to.deep.equal(written.toRow(record));
    const row = written.toRow(record) as never;
    expect(grouped.fromRow(row)).to.deep.equal(written.fromRow(row));
  });

  it('is no column map of the record while a field has no column', () => {
    const missing = snakeColumns<Factor>()({ text: ['id', 'secretSealed'], date: ['createdAt'], 'date?': ['confirmedAt'] });
    // @ts-expect-error `sha256`, `lastUsedStep` and `data` are neither grouped nor named: the result names them instead
    const columns: Columns<Factor> = missing;
    expect(columns).to.not.have.property('sha256');
  });
});
