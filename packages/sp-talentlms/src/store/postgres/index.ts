import { openPostgres, postgresSessionStore, postgresThrottleStore } from '@samlbridge/web';
import { ACCOUNT_DEFAULTS, type Store } from '../types.js';
import { postgresGroups } from './groups.js';
import { migrations } from './migrations.js';
import {
  postgresAccount,
  postgresEvents,
  postgresPendingRequests,
  postgresRateLimits,
  postgresReplay,
  postgresSettings,
} from './small-repos.js';
import { postgresUsers } from './users.js';

/**
 * The PostgreSQL store (several SP instances on one database, DESIGN §4). Migrates on open;
 * instances starting together are serialised by an advisory lock.
 */
export async function createPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const pool = await openPostgres(url, migrations, { component: 'sp', max: options.poolSize });
  const account = postgresAccount(pool);
  const defaultsFor = async (tenant: string) => ({
    timezone: (await account.get(tenant))?.timezone ?? ACCOUNT_DEFAULTS.timezone,
    userType: ACCOUNT_DEFAULTS.userType,
  });
  return {
    users: postgresUsers(pool, defaultsFor),
    groups: postgresGroups(pool),
    account,
    rateLimits: postgresRateLimits(pool),
    loginThrottle: postgresThrottleStore(pool),
    sessions: postgresSessionStore(pool),
    settings: postgresSettings(pool),
    pendingRequests: postgresPendingRequests(pool),
    replay: postgresReplay(pool),
    events: postgresEvents(pool),
    async close() {
      await pool.end();
    },
  };
}
