import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/** A migration: SQL, or a data step in TypeScript (e.g. keys computed by a function SQL does not have). */
export type SqliteMigration = string | ((db: SqliteDatabase) => void);

/**
 * Opens (creating when absent) a SQLite file in WAL mode and applies numbered migrations:
 * migration i (0-based) runs once, in a transaction, and bumps `PRAGMA user_version` to i+1.
 */
export function openSqlite(file: string, migrations: readonly SqliteMigration[]): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < migrations.length; i++) {
    const step = migrations[i] as SqliteMigration;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return db;
}
