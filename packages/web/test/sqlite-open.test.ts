// How every store opens its SQLite file (sqlite.ts openSqliteFile): the settings each connection runs with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteFile } from '../src/sqlite.js';

describe('openSqliteFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-sqlite-open-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in WAL with foreign keys, a busy timeout, synchronous NORMAL and a 32 MiB page cache', () => {
    const db = openSqliteFile(join(dir, 'store.db'));
    try {
      const read = (name: string) => db.pragma(name, { simple: true });
      expect({
        journal_mode: read('journal_mode'),
        foreign_keys: read('foreign_keys'),
        busy_timeout: read('busy_timeout'),
        synchronous: read('synchronous'),
        // Negative: KiB rather than pages (SQLite's default is -2000). A 100,000-user directory's indexes fit, so
        // provisioning it costs 10× a 10,000-user one, not more (bench/scale.ts).
        cache_size: read('cache_size'),
      }).to.deep.equal({ journal_mode: 'wal', foreign_keys: 1, busy_timeout: 5000, synchronous: 1, cache_size: -32768 });
    } finally {
      db.close();
    }
  });
});
