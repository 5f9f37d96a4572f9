// The PostgreSQL session store against a real server. Needs TEST_DATABASE_URL (npm test starts a
// throwaway cluster); fails, never skips, without it.
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, openPostgres, type PgPool, type ScratchDatabase } from '../src/index.js';
import { postgresSessionStore } from '../src/session-stores.js';
import { sessionStoreContract } from './support/session-store-contract.js';

const SESSIONS_TABLE = 'CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, data JSONB NOT NULL, expires_at TIMESTAMPTZ NOT NULL)';

describe('PostgreSQL session store', () => {
  let database: ScratchDatabase;
  let pool: PgPool;
  before(async () => {
    database = await createScratchDatabase(testDatabaseServer(), 'web_sessions');
    pool = await openPostgres(database.url, [SESSIONS_TABLE], { component: 'web', max: 3 });
  });
  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  sessionStoreContract(async () => {
    await pool.query('DELETE FROM sessions');
    return postgresSessionStore(pool);
  });
});
