// hasRow and unexpiredRow on both engines: existence by every given column, and the row of a key only while its
// expires_at is ahead. PostgreSQL side: a scratch database on TEST_DATABASE_URL (see engines.ts).
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { hasRow, type SqlDialect, unexpiredRow } from '../../src/kysely/index.js';
import { describeOnBothEngines } from './engines.js';

interface Tables {
  rules: { scope: string; subject_id: string };
  links: { id: string; owner: string; expires_at: string };
}

describeOnBothEngines('hasRow and unexpiredRow', (engine, kind) => {
  let db: Kysely<Tables>;
  let dialect: SqlDialect;
  beforeEach(async () => {
    ({ db, dialect } = await engine.open<Tables>(await engine.freshTarget()));
    await db.schema.createTable('rules').addColumn('scope', 'text').addColumn('subject_id', 'text').execute();
    await db.schema
      .createTable('links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', kind === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
      .execute();
  });

  it('finds a row only when every given column matches', async () => {
    await db.insertInto('rules').values({ scope: 'group', subject_id: 'g1' }).execute();
    expect(await hasRow(db, 'rules', { scope: 'group', subject_id: 'g1' })).to.equal(true);
    expect(await hasRow(db, 'rules', { scope: 'application', subject_id: 'g1' })).to.equal(false);
    expect(await hasRow(db, 'rules', { scope: 'group', subject_id: 'g2' })).to.equal(false);
  });

  it('refuses a check that names no column', async () => {
    let thrown: unknown;
    await hasRow(db, 'rules', {}).catch((err) => {
      thrown = err;
    });
    expect(String(thrown)).to.contain('at least one column');
  });

  it('reads the row of a key until its expires_at, then nothing', async () => {
    const expires = new Date('2026-12-03T10:00:00Z');
    await db
      .insertInto('links')
      .values({ id: 'l1', owner: 'u1', expires_at: dialect.toDbDate(expires) })
      .execute();
    const before = await unexpiredRow<{ id: string; owner: string }>(
      { db, dialect },
      'links',
      'owner',
      'u1',
      new Date('2026-12-03T09:59:59Z'),
    );
    expect(before?.id).to.equal('l1');
    expect(await unexpiredRow({ db, dialect }, 'links', 'owner', 'u1', expires)).to.equal(undefined);
    expect(await unexpiredRow({ db, dialect }, 'links', 'owner', 'u2', new Date('2026-12-03T09:00:00Z'))).to.equal(undefined);
  });
});
