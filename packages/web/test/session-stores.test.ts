// The SQLite session store on a real file (the PostgreSQL one: session-stores-postgres.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { sqliteSessionStore } from '../src/session-stores.js';
import { openSqlite, type SqliteDatabase } from '../src/sqlite.js';
import { sessionStoreContract } from './support/session-store-contract.js';

const SESSIONS_TABLE = 'CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at TEXT NOT NULL)';

describe('SQLite session store', () => {
  let dir: string;
  let db: SqliteDatabase | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-session-store-'));
  });
  afterEach(() => {
    db?.close();
    db = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    db = openSqlite(join(dir, 'sessions.db'), [SESSIONS_TABLE]);
    return db;
  };

  sessionStoreContract(async () => sqliteSessionStore(open()));

  it('keeps sessions in the file: a reopened database still has them', async () => {
    await sqliteSessionStore(open()).putSession({ idHash: 'h1', data: { user: 'jane' }, expiresAt: new Date('2026-05-01T09:00:00Z') });
    db?.close();
    expect(await sqliteSessionStore(open()).getSession('h1')).to.deep.include({ data: { user: 'jane' } });
  });
});
