// Transactions for a store on ONE better-sqlite3 connection whose methods are async.
//
// better-sqlite3 is synchronous, but a unit of work awaits between its statements; while it awaits,
// other requests' code runs on the same connection. A plain BEGIN … COMMIT around an async callback
// would therefore swallow their statements into the transaction (and roll them back with it). So
// every use of the connection takes a turn from one first-in, first-out queue:
//   - a transaction takes an EXCLUSIVE turn: it begins once everything that arrived before it has
//     ended, and nothing else runs on the connection until it has committed or rolled back;
//   - a statement outside a transaction takes a SHARED turn: it runs at once when nothing is open or
//     waiting (shared turns run side by side), otherwise after everything that arrived before it.
// The turn that ends hands the connection to the next one(s) and marks them as holding it before
// they wake, so two waiters never both find it free; a BEGIN that fails ends only its own turn.
// A transaction runs between `BEGIN IMMEDIATE` (the write lock is taken up front, so other processes
// on the file wait) and COMMIT, or ROLLBACK when its callback throws.
// Keep units short and free of network I/O: the whole store waits while one is open.

import type { SqliteDatabase } from './sqlite.js';

/** The turns of one connection: every statement of the store goes through `transaction` or `outside`. */
export interface SqliteTransactionQueue {
  /** Runs `fn` in a transaction after everything queued before it; COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` outside any transaction: at once when the connection is free, else after everything queued before it. */
  outside<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` alone on the connection (after everything queued before it, nothing else until it ends) without
   * BEGIN/COMMIT: for a caller that manages the transaction itself (web's Kysely driver takes every turn here).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

interface Waiter {
  exclusive: boolean;
  wake: () => void;
}

export function sqliteTransactionQueue(db: SqliteDatabase): SqliteTransactionQueue {
  const waiting: Waiter[] = [];
  let exclusive = false; // a transaction holds the connection
  let shared = 0; // statements outside a transaction in flight

  /** Gives the connection to the waiters at the head of the queue that may run now, in arrival order. */
  function handOver(): void {
    while (!exclusive && waiting.length > 0) {
      const next = waiting[0] as Waiter;
      if (next.exclusive) {
        if (shared > 0) return;
        exclusive = true;
      } else {
        shared++;
      }
      waiting.shift();
      next.wake();
    }
  }

  const turn = (isExclusive: boolean) =>
    new Promise<void>((wake) => {
      waiting.push({ exclusive: isExclusive, wake });
    });

  async function alone<T>(fn: () => Promise<T>): Promise<T> {
    if (exclusive || shared > 0 || waiting.length > 0) await turn(true);
    else exclusive = true;
    try {
      return await fn();
    } finally {
      exclusive = false;
      handOver();
    }
  }

  return {
    async outside(fn) {
      if (exclusive || waiting.length > 0) await turn(false);
      else shared++;
      try {
        return await fn();
      } finally {
        shared--;
        handOver();
      }
    },

    exclusive: alone,

    transaction: (fn) =>
      alone(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn();
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
  };
}
