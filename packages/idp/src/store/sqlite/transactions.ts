// store.transaction() for the SQLite store.
//
// better-sqlite3 is synchronous, but the Store's methods are async and a unit of work awaits
// between statements; while it awaits, other requests' code runs on the same connection. A plain
// BEGIN … COMMIT around an async callback would therefore swallow their statements into our
// transaction (and roll them back with it). So:
//   1. transactions are serialised by an in-process queue (one open at a time);
//   2. while one is open, every method of the OUTER store waits at a gate until it has ended —
//      no other request's statement can run inside it;
//   3. the callback gets `tx`, the same repositories without the gate, and runs between
//      `BEGIN IMMEDIATE` (write lock taken up front, so other processes on the file wait) and
//      COMMIT, or ROLLBACK when it throws.
// Keep units short and free of network I/O: the whole store waits while one is open.
// The PostgreSQL mirror checks one client out of the pool, BEGINs on it and builds `tx` on that
// client (no gate needed: other requests use other connections).
import type { SqliteDatabase } from '@samlbridge/web';
import type { Store } from '../types.js';

type Repositories = Omit<Store, 'transaction'>;

export function withSqliteTransactions(db: SqliteDatabase, repos: Repositories): Store {
  let open: Promise<void> | null = null;

  async function gate(): Promise<void> {
    while (open) await open;
  }

  const tx = { ...repos } as Store;
  tx.transaction = (fn) => fn(tx); // nested: join the running transaction

  async function transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    await gate();
    let release!: () => void;
    open = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      open = null;
      release();
    }
  }

  const outer: Record<string, unknown> = { transaction };
  for (const [name, member] of Object.entries(repos)) {
    if (typeof member === 'function') {
      const fn = member as (...args: unknown[]) => Promise<unknown>;
      outer[name] = async (...args: unknown[]) => {
        await gate();
        return fn(...args);
      };
      continue;
    }
    const repo = member as unknown as Record<string, unknown>;
    const gated: Record<string, unknown> = {};
    for (const [method, impl] of Object.entries(repo)) {
      if (typeof impl !== 'function') {
        gated[method] = impl;
        continue;
      }
      const f = impl as (...args: unknown[]) => unknown;
      gated[method] = async (...args: unknown[]) => {
        if (open) await gate();
        return f.apply(repo, args);
      };
    }
    outer[name] = gated;
  }
  return outer as unknown as Store;
}
