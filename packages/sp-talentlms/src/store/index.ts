// createStore(): the SP's store on SQLite or PostgreSQL (ARCHITECTURE.md §5), the same repositories on both.
// Opens the engine, migrates (instances starting together wait for each other), builds the repositories.
import {
  type DatabaseTarget,
  kyselyMaintenance,
  kyselySessionStore,
  kyselyThrottleStore,
  type Logger,
  migrateToLatest,
  openKysely,
} from '@samlbridge/web';
import { createAccountRepo, createRateLimitRepo } from './account.js';
import type { Database } from './database.js';
import { spDialect } from './dialect.js';
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
  const opened = await openKysely<Database>(database, logger ? { logger } : {});
  try {
    await migrateToLatest(opened, SP_MIGRATIONS);
  } catch (err) {
    await opened.close();
    throw err;
  }
  const { db } = opened;
  const d = spDialect(opened.dialect);
  return {
    users: createUserRepo(db, d),
    groups: createGroupRepo(db, d),
    account: createAccountRepo(db, d),
    rateLimits: createRateLimitRepo(db, d),
    loginThrottle: kyselyThrottleStore(db, d),
    sessions: kyselySessionStore(db, d),
    settings: createSettingsRepo(db, d),
    pendingRequests: createPendingRequestRepo(db, d),
    replay: createReplayRepo(db, d),
    events: createEventRepo(db, d),
    endedSamlSessions: createEndedSamlSessionRepo(db, d),
    maintenance: kyselyMaintenance(db, d),
    signInTraces: createSignInTraceRepo(db, d),
    sentAuthnRequests: createSentAuthnRequestRepo(db),
    close: () => opened.close(),
  };
}
