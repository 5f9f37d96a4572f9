// Transactions on one pooled PostgreSQL client.
import { type PgClient, type PgPool, postgresLogger } from './postgres-pool.js';

/** Runs `fn` in a transaction on one pooled client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function transaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      // The error that matters is `err` (rethrown below); a failed ROLLBACK means the connection is broken,
      // so the client is destroyed instead of going back to the pool, which ends the transaction anyway.
      postgresLogger(pool)?.debug(
        { err: { message: (rollbackErr as Error).message } },
        'PostgreSQL: ROLLBACK failed; connection discarded',
      );
      broken = rollbackErr as Error;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}
