// createStore(): the SP's store on SQLite or PostgreSQL (ARCHITECTURE.md §5), the same repositories on both.
// Opens the engine, migrates (instances starting together wait for each other), builds the repositories.
import { type DatabaseTarget, type Logger, openMigrated, webStores } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import { createAccountRepo, createRateLimitRepo } from './account.js';
import type { Database } from './database.js';
import { type SpDialect, spDialect } from './dialect.js';
import { createEventRepo } from './events.js';
import { createGroupRepo } from './groups.js';
import { SP_MIGRATIONS } from './migrations/index.js';
import { createSentAuthnRequestRepo } from './sent-authn-requests.js';
import { createSignInTraceRepo } from './sign-in-traces.js';
import { createEndedSamlSessionRepo } from './single-logout.js';
import { createPendingRequestRepo, createReplayRepo, createSettingsRepo } from './sso-state.js';
import type { Store } from './types.js';
import { createUserRepo } from './users.js';

export interface CreateStoreOptions {
  /** Told when a database file was open to other users and got tightened, and of PostgreSQL pool errors. */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

export async function createStore(database: DatabaseTarget, { logger }: CreateStoreOptions = {}): Promise<Store> {
  const opened = await openMigrated<Database>(database, logger ? { logger } : {}, SP_MIGRATIONS);
  return { ...repositories(opened.db, spDialect(opened.dialect)), close: () => opened.close() };
}

/** Every repository of the Store (types.ts `Store` is this and `close`). */
export function repositories(db: Kysely<Database>, d: SpDialect) {
  return {
    users: createUserRepo(db, d),
    groups: createGroupRepo(db, d),
    account: createAccountRepo(db, d),
    /** The SCIM API's rate-limit counters. */
    rateLimits: createRateLimitRepo(db, d),
    ...webStores(db, d),
    settings: createSettingsRepo(db, d),
    pendingRequests: createPendingRequestRepo(db, d),
    replay: createReplayRepo(db, d),
    events: createEventRepo(db, d),
    /** Single Logout: ended IdP sessions (by SessionIndex). */
    endedSamlSessions: createEndedSamlSessionRepo(db, d),
    signInTraces: createSignInTraceRepo(db, d),
    /** The AuthnRequests this SP sent, for the sign-in trace. */
    sentAuthnRequests: createSentAuthnRequestRepo(db),
  };
}
