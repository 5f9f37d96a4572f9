// Reads a whole SQLite database back as text, for "is this secret stored in clear anywhere" checks.

/** What dumpSqlite needs of an open database (better-sqlite3's Database, as @samlbridge/web opens it). */
export interface SqliteReader {
  prepare(sql: string): { all(): unknown[] };
  close(): void;
}

/**
 * Every value of every row of every table of the SQLite file `file`, as one string (JSON, a line per table).
 * `open` opens the file with the app's own driver, so this package needs none.
 */
export function dumpSqlite(file: string, open: (file: string) => SqliteReader): string {
  const db = open(file);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all())).join('\n');
  } finally {
    db.close();
  }
}
