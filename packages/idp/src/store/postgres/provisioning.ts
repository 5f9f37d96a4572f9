// Provisioning repositories (issue 4) on PostgreSQL, spread into the store.
import type { PgQueryable } from '@samlbridge/web';
import type { ProvisioningStore } from '../provisioning-types.js';
import { postgresIdmIntegrations } from './idm-integrations.js';
import { postgresNotifications } from './notifications.js';
import { postgresOutbox } from './outbox.js';
import { postgresPendingPasswords } from './pending-passwords.js';
import { postgresProvisioningLinks } from './provisioning-links.js';

export function postgresProvisioningRepos(db: PgQueryable): Omit<ProvisioningStore, 'transaction'> {
  return {
    pendingPasswords: postgresPendingPasswords(db),
    outbox: postgresOutbox(db),
    provisioningLinks: postgresProvisioningLinks(db),
    idmIntegrations: postgresIdmIntegrations(db),
    notifications: postgresNotifications(db),
  };
}
