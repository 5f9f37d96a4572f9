// The refusals of web's Kysely plumbing, each provoked for real, with the code, HTTP status, message and details
// callers see: a unique violation (409 conflict), a statement on an ended transaction, a database migrated by a
// newer version, and a PostgreSQL server that does not answer. Every one comes from web's typed list (WEB_ERRORS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SamlbridgeError } from '@samlbridge/errors';
import { freePort } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { guardUnique, inTransaction, type KyselyDatabase, migrateToLatest, openKysely } from '../../src/kysely/index.js';
import { WEB_ERRORS } from '../../src/web-errors.js';

interface Tables {
  notes: { text: string };
}
const legacy = { component: 'errors-demo', sqlite: ['CREATE TABLE notes (text TEXT PRIMARY KEY)'], postgres: [] };

interface Seen {
  name: string;
  code: string;
  status: number;
  message: string;
  details?: unknown;
}

async function seen(work: () => Promise<unknown>): Promise<Seen> {
  const err = await work().then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  );
  if (!(err instanceof SamlbridgeError)) throw err;
  return { name: err.name, code: err.code, status: err.status, message: err.message, ...(err.details ? { details: err.details } : {}) };
}

describe("web's Kysely refusals (WEB_ERRORS)", () => {
  let dir: string;
  let database: KyselyDatabase<Tables>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-kysely-errors-'));
    database = await openKysely<Tables>({ kind: 'sqlite', file: join(dir, 'db.sqlite') });
    await migrateToLatest(database, { legacy, steps: [] });
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns a unique violation into a 409 conflict naming the field', async () => {
    const add = () =>
      guardUnique(database.dialect, { 'notes.text': 'note' }, () => database.db.insertInto('notes').values({ text: 'a' }).execute());
    await add();
    expect(await seen(add)).to.deep.equal({
      name: 'SamlbridgeError',
      code: 'conflict',
      status: 409,
      message: 'Another record already uses this note',
      details: [{ field: 'note', message: 'already in use' }],
    });
  });

  it('refuses with 400 transaction_ended a statement on a transaction that has ended', async () => {
    let late: Kysely<Tables> | undefined;
    await inTransaction(database.db, async (trx) => {
      late = trx;
    });
    expect(await seen(() => (late as Kysely<Tables>).insertInto('notes').values({ text: 'late' }).execute())).to.deep.equal({
      name: 'SamlbridgeError',
      code: 'transaction_ended',
      status: 400,
      message: 'A unit of work used its transaction after the transaction had ended',
    });
  });

  it('refuses with 500 database_newer_than_app a database a newer version migrated', async () => {
    const step = { name: '2026-12-03-999-later', up: async () => undefined };
    await migrateToLatest(database, { legacy, steps: [step] });
    expect(await seen(() => migrateToLatest(database, { legacy, steps: [] }))).to.deep.equal({
      name: 'SamlbridgeError',
      code: 'database_newer_than_app',
      status: 500,
      message: 'The errors-demo database was migrated by a newer version (2026-12-03-999-later); run that version or a later one',
    });
  });

  it('refuses with 500 database_unavailable a PostgreSQL server that does not answer', async () => {
    const url = `postgres://nobody@127.0.0.1:${await freePort()}/none`;
    const failure = await seen(() => openKysely({ kind: 'postgres', url }));
    expect(failure).to.include({ name: 'SamlbridgeError', code: 'database_unavailable', status: 500 });
    expect(failure.message).to.match(/^Could not open the PostgreSQL database: .*ECONNREFUSED/);
  });

  it('takes each of these codes, with its status, from the typed list', () => {
    const statuses = ['conflict', 'transaction_ended', 'database_newer_than_app', 'database_unavailable'].map(
      (code) => [code, (WEB_ERRORS as Record<string, { status: number } | undefined>)[code]?.status] as const,
    );
    expect(Object.fromEntries(statuses)).to.deep.equal({
      conflict: 409,
      transaction_ended: 400,
      database_newer_than_app: 500,
      database_unavailable: 500,
    });
  });
});
