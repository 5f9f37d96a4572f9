// store.transaction() for the SQLite store: web's first-in, first-out transaction queue on the one
// connection (transactions one at a time in arrival order; while one is open every other method of
// the store waits; nested `tx.transaction()` joins the running one). See web's sqlite-transactions.ts.
// The PostgreSQL mirror checks one client out of the pool, BEGINs on it and builds `tx` on that
// client (no queue needed: other requests use other connections).
import { type SqliteDatabase, withSqliteTransactions as withTransactionQueue } from '@samlbridge/web';
import type { Store } from '../types.js';

export function withSqliteTransactions(db: SqliteDatabase, repos: Omit<Store, 'transaction'>): Store {
  return withTransactionQueue<Store>(db, repos);
}
