// The IdP Store on Kysely, ONE implementation for SQLite and PostgreSQL (ARCHITECTURE.md §5). Opens the database,
// runs the named migrations, and builds every repository on the Kysely instance, or, inside
// `transaction(fn)`, on the transaction (SQLite: an exclusive turn of web's first-in, first-out queue;
// PostgreSQL: one pooled connection). Nested `tx.transaction(inner)` joins the running transaction.
import {
  type DatabaseTarget,
  inTransaction,
  kyselyMaintenance,
  kyselySessionStore,
  kyselyThrottleStore,
  type Logger,
  migrateToLatest,
  openKysely,
} from '@samlbridge/web';
import type { Kysely } from 'kysely';
import { applications } from './applications.js';
import { assertionEncryption } from './assertion-encryption.js';
import type { Database } from './database.js';
import type { Sql } from './dialect.js';
import { events } from './events.js';
import { withGroupCommit } from './group-commit.js';
import { groups } from './groups.js';
import { invitations } from './invitations.js';
import { mfa } from './mfa.js';
import { legacyMigrations, namedMigrations } from './migrations/index.js';
import { persistentNameIds } from './name-ids.js';
import { outbox } from './outbox.js';
import { outboxStats } from './outbox-stats.js';
import { passkeys } from './passkeys.js';
import { provisioningPauses } from './provisioning-pauses.js';
import { idmIntegrations, notifications, provisioningLinks } from './provisioning-repositories.js';
import { signingKeys } from './signing-keys.js';
import { singleLogout } from './single-logout.js';
import { sloSoapEndpoints } from './slo-soap-endpoints.js';
import { admins, apiKeys, authnRequestIds, loginFlows, pendingPasswords, requestSigning } from './small-repositories.js';
import { ssoOptions } from './sso-options.js';
import { ssoTraces } from './sso-traces.js';
import type { Store } from './types.js';
import { users } from './users.js';

export type { DatabaseTarget } from '@samlbridge/web';

function repositories(ctx: Sql): Omit<Store, 'transaction' | 'close'> {
  return {
    users: users(ctx),
    groups: groups(ctx),
    applications: applications(ctx),
    sessions: kyselySessionStore(ctx.db, ctx.dialect),
    loginFlows: loginFlows(ctx),
    authnRequestIds: authnRequestIds(ctx),
    events: events(ctx),
    admins: admins(ctx),
    apiKeys: apiKeys(ctx),
    loginThrottle: kyselyThrottleStore(ctx.db, ctx.dialect),
    requestSigning: requestSigning(ctx),
    assertionEncryption: assertionEncryption(ctx),
    persistentNameIds: persistentNameIds(ctx),
    ssoOptions: ssoOptions(ctx),
    outbox: outbox(ctx),
    pendingPasswords: pendingPasswords(ctx),
    provisioningLinks: provisioningLinks(ctx),
    idmIntegrations: idmIntegrations(ctx),
    notifications: notifications(ctx),
    signingKeys: signingKeys(ctx),
    singleLogout: singleLogout(ctx),
    sloSoapEndpoints: sloSoapEndpoints(ctx),
    maintenance: kyselyMaintenance(ctx.db, ctx.dialect),
    outboxStats: outboxStats(ctx),
    mfa: mfa(ctx),
    provisioningPauses: provisioningPauses(ctx),
    ssoTraces: ssoTraces(ctx),
    passkeys: passkeys(ctx),
    invitations: invitations(ctx),
  };
}

/** Opens (creating and migrating when needed) the IdP store on a SQLite file or a PostgreSQL database. */
export async function createStore(target: DatabaseTarget, { logger }: { logger?: Pick<Logger, 'warn' | 'error'> } = {}): Promise<Store> {
  const database = await openKysely<Database>(target, { logger });
  try {
    await migrateToLatest(database, { legacy: legacyMigrations, steps: namedMigrations });
  } catch (err) {
    await database.close();
    throw err;
  }
  const { dialect } = database;
  // The rows of each sign-in (event, trace, Single Logout participant) share transactions (group-commit.ts).
  return withGroupCommit({
    ...repositories({ db: database.db, dialect }),
    transaction: (fn) =>
      inTransaction(database.db, (trx: Kysely<Database>) => {
        const tx = { ...repositories({ db: trx, dialect }), close: async () => {} } as Store;
        tx.transaction = (inner) => inner(tx);
        return fn(tx);
      }),
    close: () => database.close(),
  });
}
