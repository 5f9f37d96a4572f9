import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDatabaseFile, type ModeLogger, PRIVATE_DIR_MODE } from './private-files.js';

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /** Told when an existing database file was open to other users and got tightened. */
  logger?: ModeLogger;
}
/** A migration: SQL, or a data step in TypeScript (e.g. keys computed by a function SQL does not have). */
export type SqliteMigration = string | ((db: SqliteDatabase) => void);

/**
 * Opens (creating when absent) a SQLite file in WAL mode and applies numbered migrations:
 * migration i (0-based) runs once, in a transaction, and bumps `PRAGMA user_version` to i+1.
 * The file (and so its -wal/-shm) is mode 0600; folders created for it are 0700.
 */
export function openSqlite(file: string, migrations: readonly SqliteMigration[], options: OpenSqliteOptions = {}): SqliteDatabase {
  const db = openSqliteFile(file, options);
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

/**
 * Opens (creating when absent) a SQLite file the way every store wants it: folder 0700, file 0600 (so its
 * -wal/-shm too), WAL, foreign keys on, a 5 s busy timeout, synchronous NORMAL (safe with WAL).
 */
export function openSqliteFile(file: string, { logger }: OpenSqliteOptions = {}): SqliteDatabase {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    ensurePrivateDatabaseFile(file, logger);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}
