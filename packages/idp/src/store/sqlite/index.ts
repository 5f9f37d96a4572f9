import { type OpenSqliteOptions, openSqlite, sqliteSessionStore, sqliteThrottleStore } from '@samlbridge/web';
import type { Store } from '../types.js';
import { sqliteAdmins, sqliteApiKeys } from './admins.js';
import { sqliteApplications } from './applications.js';
import { sqliteAuthnRequestIds } from './authn-request-ids.js';
import { sqliteEvents } from './events.js';
import { sqliteGroups } from './groups.js';
import { sqliteLoginFlows } from './login-flows.js';
import { migrations } from './migrations.js';
import { sqliteProvisioningRepos } from './provisioning.js';
import { sqliteRequestSigning } from './request-signing.js';
import { withSqliteTransactions } from './transactions.js';
import { sqliteUsers } from './users.js';

/** The embedded SQLite store (file, or `:memory:` for tests). */
export function createSqliteStore(file: string, options: OpenSqliteOptions = {}): Store {
  const db = openSqlite(file, migrations, options);
  return withSqliteTransactions(db, {
    ...sqliteProvisioningRepos(db),
    users: sqliteUsers(db),
    groups: sqliteGroups(db),
    applications: sqliteApplications(db),
    sessions: sqliteSessionStore(db),
    loginFlows: sqliteLoginFlows(db),
    authnRequestIds: sqliteAuthnRequestIds(db),
    events: sqliteEvents(db),
    admins: sqliteAdmins(db),
    apiKeys: sqliteApiKeys(db),
    loginThrottle: sqliteThrottleStore(db),
    requestSigning: sqliteRequestSigning(db),
    async close() {
      db.close();
    },
  });
}
