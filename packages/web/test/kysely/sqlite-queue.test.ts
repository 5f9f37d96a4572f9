// Kysely on SQLite goes through web's first-in, first-out queue: transactions one at a time in arrival
// order while their bodies await real I/O, statements from outside never slip into an open one, a rolled-back
// unit leaves outside writes alone, and a transaction refuses work once it has ended.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { inTransaction, type KyselyDatabase, migrateToLatest, openKysely } from '../../src/kysely/index.js';

interface Tables {
  notes: { text: string };
}
const NOTES = 'CREATE TABLE notes (text TEXT PRIMARY KEY)';

async function io(i: number): Promise<void> {
  if (i % 2 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  else await readFile(fileURLToPath(import.meta.url));
}

describe('Kysely on SQLite: first-in, first-out transactions on one connection', () => {
  let dir: string;
  let database: KyselyDatabase<Tables>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-kysely-queue-'));
  });
  beforeEach(async () => {
    database = await openKysely<Tables>({ kind: 'sqlite', file: join(dir, `q-${Date.now()}-${Math.random()}.db`) });
    await migrateToLatest(database, { legacy: { component: 'demo', sqlite: [NOTES], postgres: [NOTES] }, steps: [] });
  });
  afterEach(() => database.close());
  after(() => rmSync(dir, { recursive: true, force: true }));

  const texts = async () => (await database.db.selectFrom('notes').select('text').orderBy('text').execute()).map((r) => r.text);
  const add = (db: Kysely<Tables>, text: string) => db.insertInto('notes').values({ text }).execute();

  it('runs 20 concurrent transactions one at a time in arrival order and keeps every outside write', async () => {
    const log: string[] = [];
    const outside: Promise<unknown>[] = [];
    const units = Array.from({ length: 20 }, (_, i) =>
      inTransaction(database.db, async (trx) => {
        log.push(`begin ${i}`);
        await add(trx, `unit ${i}`);
        await io(i);
        outside.push(add(database.db, `outside ${i}`));
        await io(i + 1);
        log.push(`end ${i}`);
        if (i % 5 === 4) throw new SamlbridgeError('asked_to_roll_back', `unit ${i} rolls back`);
      }),
    );
    const settled = await Promise.allSettled(units);
    await Promise.all(outside);
    expect(log).to.deep.equal(Array.from({ length: 20 }, (_, i) => [`begin ${i}`, `end ${i}`]).flat());
    expect(settled.filter((s) => s.status === 'rejected').length).to.equal(4);
    const expected = Array.from({ length: 20 }, (_, i) => [`outside ${i}`, ...(i % 5 === 4 ? [] : [`unit ${i}`])]).flat();
    expect(await texts()).to.deep.equal(expected.sort());
  });

  it('refuses a statement on a transaction that has ended', async () => {
    let late: Kysely<Tables> | undefined;
    await inTransaction(database.db, async (trx) => {
      late = trx;
    });
    const failure = await add(late as Kysely<Tables>, 'late').then(
      () => undefined,
      (e: { code?: string }) => e,
    );
    expect(failure?.code).to.equal('transaction_ended');
    expect(await texts()).to.deep.equal([]);
  });
});
