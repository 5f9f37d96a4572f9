import type { SqliteDatabase } from '@samlbridge/web';
import type { ProvisioningStore } from '../provisioning-types.js';
import { sqliteIdmIntegrations } from './idm-integrations.js';
import { sqliteNotifications } from './notifications.js';
import { sqliteOutbox } from './outbox.js';
import { sqlitePendingPasswords } from './pending-passwords.js';
import { sqliteProvisioningLinks } from './provisioning-links.js';

/** The provisioning repositories (spread into the SQLite store). */
export function sqliteProvisioningRepos(db: SqliteDatabase): Omit<ProvisioningStore, 'transaction'> {
  return {
    pendingPasswords: sqlitePendingPasswords(db),
    outbox: sqliteOutbox(db),
    provisioningLinks: sqliteProvisioningLinks(db),
    idmIntegrations: sqliteIdmIntegrations(db),
    notifications: sqliteNotifications(db),
  };
}
