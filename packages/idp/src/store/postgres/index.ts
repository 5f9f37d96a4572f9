import { openPostgres, type PgQueryable, postgresSessionStore, postgresThrottleStore, transaction } from '@samlbridge/web';
import type { Store } from '../types.js';
import { postgresAdmins, postgresApiKeys } from './admins.js';
import { postgresApplications } from './applications.js';
import { postgresAuthnRequestIds } from './authn-request-ids.js';
import { postgresEvents } from './events.js';
import { postgresGroups } from './groups.js';
import { postgresLoginFlows } from './login-flows.js';
import { migrations } from './migrations.js';
import { postgresProvisioningRepos } from './provisioning.js';
import { postgresRequestSigning } from './request-signing.js';
import { postgresUsers } from './users.js';

/** Every repository, on the pool or on the one client of a running transaction. */
function repositories(db: PgQueryable): Omit<Store, 'transaction' | 'close'> {
  return {
    ...postgresProvisioningRepos(db),
    users: postgresUsers(db),
    groups: postgresGroups(db),
    applications: postgresApplications(db),
    sessions: postgresSessionStore(db),
    loginFlows: postgresLoginFlows(db),
    authnRequestIds: postgresAuthnRequestIds(db),
    events: postgresEvents(db),
    admins: postgresAdmins(db),
    apiKeys: postgresApiKeys(db),
    loginThrottle: postgresThrottleStore(db),
    requestSigning: postgresRequestSigning(db),
  };
}

/**
 * The PostgreSQL store (several IdP instances on one database, DESIGN §4). Migrates on open;
 * instances starting together are serialised by an advisory lock. `transaction(fn)` checks one
 * client out of the pool, BEGINs on it and hands `fn` the repositories built on that client
 * (other requests keep using other connections; nested calls join the running transaction).
 */
export async function createPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const pool = await openPostgres(url, migrations, { component: 'idp', max: options.poolSize });
  return {
    ...repositories(pool),
    transaction: (fn) =>
      transaction(pool, (client) => {
        const tx = { ...repositories(client), close: async () => {} } as Store;
        tx.transaction = (inner) => inner(tx);
        return fn(tx);
      }),
    async close() {
      await pool.end();
    },
  };
}
