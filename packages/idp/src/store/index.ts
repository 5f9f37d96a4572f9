// The IdP Store on Kysely, ONE implementation for SQLite and PostgreSQL (ARCHITECTURE.md §5). Opens the database,
// runs the named migrations, and builds every repository on the Kysely instance, or, inside
// `transaction(fn)`, on the transaction (SQLite: an exclusive turn of web's first-in, first-out queue;
// PostgreSQL: one pooled connection). Nested `tx.transaction(inner)` joins the running transaction.
import { type DatabaseTarget, inTransaction, type Logger, openMigrated, webStores } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import { applications } from './applications.js';
import { assertionEncryption } from './assertion-encryption.js';
import { configVersion } from './config-version.js';
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
import { provisioningBatchReads } from './provisioning-batch-reads.js';
import { provisioningPauses } from './provisioning-pauses.js';
import { idmIntegrations, notifications, provisioningLinks } from './provisioning-repositories.js';
import { signingKeys } from './signing-keys.js';
import { singleLogout } from './single-logout.js';
import { sloSoapEndpoints } from './slo-soap-endpoints.js';
import { admins, apiKeys, authnRequestIds, loginFlows, pendingPasswords, requestSigning } from './small-repositories.js';
import { ssoOptions } from './sso-options.js';
import { ssoSignInReads } from './sso-sign-in-reads.js';
import { ssoTraces } from './sso-traces.js';
import type { Store } from './types.js';
import { reportUserSearchIndex } from './user-search.js';
import { users } from './users.js';

export type { DatabaseTarget } from '@samlbridge/web';

/** Every repository of the Store on one Kysely instance or transaction (types.ts `Store` is this and `transaction`). */
export function repositories(ctx: Sql) {
  return {
    users: users(ctx),
    groups: groups(ctx),
    applications: applications(ctx),
    ...webStores(ctx.db, ctx.dialect),
    loginFlows: loginFlows(ctx),
    /** AuthnRequest IDs already accepted (one answer per request). */
    authnRequestIds: authnRequestIds(ctx),
    events: events(ctx),
    admins: admins(ctx),
    apiKeys: apiKeys(ctx),
    /** per-application "require signed AuthnRequests" + the SP certificate. */
    requestSigning: requestSigning(ctx),
    /** per-application "Encrypt assertion" + the SP's encryption certificate. */
    assertionEncryption: assertionEncryption(ctx),
    /** persistent NameIDs per application and user. */
    persistentNameIds: persistentNameIds(ctx),
    /** per-application NameID formats and RelayState allow-list. */
    ssoOptions: ssoOptions(ctx),
    outbox: outbox(ctx),
    provisioningBatchReads: provisioningBatchReads(ctx),
    pendingPasswords: pendingPasswords(ctx),
    provisioningLinks: provisioningLinks(ctx),
    idmIntegrations: idmIntegrations(ctx),
    notifications: notifications(ctx),
    /** The IdP's signing keys: which one signs, which are published (keys/keyring.ts). */
    signingKeys: signingKeys(ctx),
    /** The configuration version: bumped with every change to applications, their settings, signing keys. */
    configVersion: configVersion(ctx),
    /** Single Logout: session participants, ended sessions, SLO endpoints, logout chains. */
    singleLogout: singleLogout(ctx),
    /** per-application SOAP (back-channel) SingleLogoutService URL. */
    sloSoapEndpoints: sloSoapEndpoints(ctx),
    /** Outbox depth and age for /metrics. */
    outboxStats: outboxStats(ctx),
    /** second factors, recovery codes, MFA policy. */
    mfa: mfa(ctx),
    /** per-integration provisioning pauses (rate limit, quota, outage) shared by every worker. */
    provisioningPauses: provisioningPauses(ctx),
    /** per-login SAML traces. */
    ssoTraces: ssoTraces(ctx),
    /** The SSO endpoint's per-request reads of a signed-in person, in one statement. */
    ssoSignInReads: ssoSignInReads(ctx),
    /** passkeys: one-time WebAuthn challenges, the passkey-only setting. */
    passkeys: passkeys(ctx),
    /** single-use set-password links. */
    invitations: invitations(ctx),
  };
}

/** Opens (creating and migrating when needed) the IdP store on a SQLite file or a PostgreSQL database. */
export async function createStore(target: DatabaseTarget, { logger }: { logger?: Pick<Logger, 'warn' | 'error'> } = {}): Promise<Store> {
  const database = await openMigrated<Database>(target, { logger }, { legacy: legacyMigrations, steps: namedMigrations });
  // A store whose start-up check fails is closed again, as openMigrated does for a failed migration.
  await reportUserSearchIndex(database, logger).catch(async (err) => {
    await database.close();
    throw err;
  });
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
