// What every app's store holds of web's tables, built once on its Kysely instance (or transaction).
import type { Kysely } from 'kysely';
import { kyselyMaintenance } from './maintenance.js';
import { kyselySessionStore } from './session-store.js';
import type { SqlDialect } from './sql-dialect.js';
import { kyselyThrottleStore } from './throttle-store.js';
import type { WebTables } from './web-tables.js';

export function webStores<DB extends WebTables>(db: Kysely<DB>, dialect: SqlDialect) {
  return {
    /** Sessions: the shared `sessions` table (getSession / putSession / deleteSession / deleteExpired). */
    sessions: kyselySessionStore(db, dialect),
    /** Login throttling / lockout counters (web's ThrottleStore). */
    loginThrottle: kyselyThrottleStore(db, dialect),
    /** Housekeeping (stale throttle rows, events retention) and the /readyz write probe (maintenance.ts). */
    maintenance: kyselyMaintenance(db, dialect),
  };
}
