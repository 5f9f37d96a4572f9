// Units of work on Kysely for stores written once: one transaction (SQLite: an exclusive turn of the
// first-in, first-out queue and BEGIN IMMEDIATE; PostgreSQL: one pooled connection), and a `trx` that
// refuses work once its transaction has ended (a statement issued late must not run outside it unseen).
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { webError } from '../web-errors.js';

class EndGuard implements KyselyPlugin {
  ended = false;
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (this.ended) {
      throw webError('transaction_ended');
    }
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

/** Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const guard = new EndGuard();
    try {
      return await fn(trx.withPlugin(guard));
    } finally {
      guard.ended = true;
    }
  });
}

/** `fn` on `db` itself when it is a transaction already (the work joins it), else in a new one (`inTransaction`). */
export function atomically<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : inTransaction(db, fn);
}
