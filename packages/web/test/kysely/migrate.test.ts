// migrateToLatest on both engines: a fresh database gets every legacy step then the named ones; a database
// left by an earlier release at an old legacy version gets only what it misses, keeping its rows; a second run
// does nothing; instances starting at once apply each step once; a database from a newer version is refused.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL (see engines.ts).
import { expect } from 'chai';
import { sql } from 'kysely';
import { type KyselyDatabase, LEGACY_SCHEMA_MIGRATION, migrateToLatest, type NamedMigration } from '../../src/kysely/index.js';
import type { PgQueryable } from '../../src/postgres.js';
import type { SqliteDatabase } from '../../src/sqlite.js';
import { describeOnBothEngines } from './engines.js';

interface Tables {
  notes: { id: string; text: string; tag: string | null };
  named_migrations: { component: string; name: string; applied_at: string };
}

const legacy = {
  component: 'demo',
  sqlite: [
    'CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)',
    (db: SqliteDatabase) => void db.exec("INSERT INTO notes (id, text) VALUES ('seed', 'from a TypeScript step')"),
  ],
  postgres: [
    'CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)',
    async (db: PgQueryable) => void (await db.query("INSERT INTO notes (id, text) VALUES ('seed', 'from a TypeScript step')")),
  ],
};
const steps: NamedMigration[] = [
  { name: '2026-12-03-002-notes-tag', up: (db) => db.schema.alterTable('notes').addColumn('tag', 'text').execute() },
  { name: '2026-12-03-003-notes-tag-index', up: (db) => db.schema.createIndex('notes_tag').on('notes').column('tag').execute() },
];
const named = [LEGACY_SCHEMA_MIGRATION, ...steps.map((s) => s.name)];

async function recorded(database: KyselyDatabase<Tables>) {
  return (await database.db.selectFrom('named_migrations').select('name').where('component', '=', 'demo').orderBy('name').execute()).map(
    (r) => r.name,
  );
}

describeOnBothEngines('Named migrations', (engine, kind) => {
  async function legacyVersion(database: KyselyDatabase<Tables>): Promise<number> {
    if (kind === 'sqlite')
      return (await sql<{ user_version: number }>`pragma user_version`.execute(database.db)).rows[0]?.user_version ?? -1;
    const { rows } = await sql<{ v: number }>`select max(version) as v from schema_migrations where component = 'demo'`.execute(
      database.db,
    );
    return rows[0]?.v ?? -1;
  }

  it('runs every legacy step and then the named steps on a fresh database, recording both', async () => {
    const database = await engine.open<Tables>(await engine.freshTarget());
    expect(await migrateToLatest(database, { legacy, steps })).to.deep.equal(named);
    expect(await legacyVersion(database)).to.equal(2);
    expect(await recorded(database)).to.deep.equal(named);
    expect(await database.db.selectFrom('notes').select(['id', 'tag']).execute()).to.deep.equal([{ id: 'seed', tag: null }]);
  });

  it('adopts a database an earlier release left at an old legacy version, keeping its rows, and does nothing the second time', async () => {
    const target = await engine.freshTarget();
    const old = await engine.open<Tables>(target);
    await migrateToLatest(old, {
      legacy: { ...legacy, sqlite: legacy.sqlite.slice(0, 1), postgres: legacy.postgres.slice(0, 1) },
      steps: [],
    });
    // What the earlier release had: its numbering only (no named bookkeeping), and a row of its own.
    await old.db.deleteFrom('named_migrations').execute();
    await old.db.insertInto('notes').values({ id: 'old', text: 'kept' }).execute();
    await old.close();

    const database = await engine.open<Tables>(target);
    expect(await migrateToLatest(database, { legacy, steps })).to.deep.equal(named);
    expect(await legacyVersion(database)).to.equal(2);
    expect((await database.db.selectFrom('notes').select('id').orderBy('id').execute()).map((r) => r.id)).to.deep.equal(['old', 'seed']);
    expect(await migrateToLatest(database, { legacy, steps })).to.deep.equal([]);
    expect(await recorded(database)).to.deep.equal(named);
  });

  // Several pools on one PostgreSQL database; SQLite's instances are processes, which BEGIN IMMEDIATE and
  // busy_timeout serialise (in one process a second connection's wait would block the first one's commit).
  if (kind === 'postgres')
    it('applies each step once when three instances migrate one fresh database at the same moment', async () => {
      const target = await engine.freshTarget();
      const instances = await Promise.all([1, 2, 3].map(() => engine.open<Tables>(target)));
      const applied = await Promise.all(instances.map((d) => migrateToLatest(d, { legacy, steps })));
      expect(applied.flat().sort()).to.deep.equal([...named].sort());
      expect(await legacyVersion(instances[0] as KyselyDatabase<Tables>)).to.equal(2);
      expect(await (instances[0] as KyselyDatabase<Tables>).db.selectFrom('notes').select('id').execute()).to.deep.equal([{ id: 'seed' }]);
    });

  it('refuses a database a newer version migrated, naming the unknown step', async () => {
    const database = await engine.open<Tables>(await engine.freshTarget());
    await migrateToLatest(database, { legacy, steps });
    const failure = await migrateToLatest(database, { legacy, steps: steps.slice(0, 1) }).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(failure?.code).to.equal('database_newer_than_app');
    expect(failure?.message).to.contain('2026-12-03-003-notes-tag-index');
  });
});
