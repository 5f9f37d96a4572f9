// The provisioning engine (IdP side, ARCHITECTURE.md §3), built by createIdp:
//   createProvisioning({store, config, clock, logger}) → { store (the directory hooks around it), box, attach(services) }
//   attach(services) → { idm, importer, worker, status, start(), stop() }
import type { Clock, Logger } from '@samlbridge/web';
import type { Page, User } from '../domain.js';
import type { EventService } from '../services/events.js';
import type { PortalNotification } from '../store/provisioning-types.js';
import type { Store } from '../store/types.js';
import type { ProvisioningConfig } from './config.js';
import { deliverGroup } from './deliver-group.js';
import { deliverUser } from './deliver-user.js';
import { type DeliveryDeps, targetResolver } from './delivery-context.js';
import { withProvisioningHooks } from './directory-hooks.js';
import { createIdmService, type IdmService } from './idm-service.js';
import { createImporter, type Importer } from './importer.js';
import { createPacer } from './pacer.js';
import { type PauseStatus, pauseStatus } from './pause-status.js';
import { userSubject } from './planner.js';
import { resyncUser } from './resync.js';
import { createSecretBox, loadSecretKey, type SecretBox } from './secret-box.js';
import { createOutboxWorker, type OutboxWorker } from './worker.js';

export { provisioningConfigSpec } from './config.js';
export { PROVISIONING_EVENT_TYPES, type ProvisioningEventType } from './events.js';

export interface ProvisioningOptions {
  store: Store;
  config: ProvisioningConfig;
  clock: Clock;
  logger: Logger;
  /** Jitter source (tests). */
  random?: () => number;
}

export interface ProvisioningServices {
  events: EventService;
  directory: { createUser(input: { username: string; email: string; firstName?: string; lastName?: string }): Promise<User> };
}

export interface UserSyncStatus {
  userId: string;
  username: string;
  remoteId: string | null;
  state: string;
  pendingChanges: number;
  lastAction: string | null;
  lastSuccess: boolean | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
}

export interface ProvisioningRuntime {
  idm: IdmService;
  importer: Importer;
  worker: OutboxWorker;
  /** Per-user sync status of an application (links + queued changes). */
  userStatuses(
    applicationId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: UserSyncStatus[]; total: number; limit: number; offset: number }>;
  userStatus(applicationId: string, userId: string): Promise<UserSyncStatus>;
  /** Queues one user's full state again (after a permanent failure); `application`: id or name. */
  resyncUser(application: string, userId: string): Promise<UserSyncStatus & { queued: 'user.upsert' | 'user.deactivate' }>;
  notifications(options: { limit: number; offset: number; unreadOnly?: boolean }): Promise<Page<PortalNotification>>;
  markNotificationRead(id: string): Promise<boolean>;
  /** The pause the application asked for (Retry-After, quota, no answer), set by any instance; undefined: none. */
  pauseStatus(applicationId: string): Promise<PauseStatus | undefined>;
  start(): void;
  stop(): Promise<void>;
}

const SCHEDULE_CHECK_MS = 60_000;
const DONE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function createProvisioning({ store: raw, config, clock, logger, random }: ProvisioningOptions) {
  const box: SecretBox = createSecretBox(loadSecretKey(config.secretKey, config.dataDir, logger));
  let wake = () => {};
  const store = withProvisioningHooks(raw, { box, clock, onEnqueued: () => wake() });

  function attach(services: ProvisioningServices): ProvisioningRuntime {
    const deps: DeliveryDeps = {
      store,
      clock,
      box,
      events: services.events,
      logger,
      timeoutMs: config.scimTimeoutMs,
      membersPerRequest: config.provisioningGroupMembersPerRequest,
    };
    const pacer = createPacer({
      store,
      clock,
      logger,
      outageBaseMs: config.provisioningRetryBaseMs,
      outageMaxMs: config.provisioningOutagePauseMaxMs,
      maxConcurrency: config.provisioningConcurrency,
    });
    const target = targetResolver(deps, pacer);
    const worker = createOutboxWorker({
      store,
      clock,
      logger,
      concurrency: config.provisioningConcurrency,
      leaseMs: config.provisioningLeaseSeconds * 1000,
      pollMs: config.provisioningPollMs,
      backoff: { baseMs: config.provisioningRetryBaseMs, maxMs: config.provisioningRetryMaxMs, random },
      outageMaxMs: config.provisioningOutagePauseMaxMs,
      pacer,
      target,
      deliver: (t, row) => (row.subject.startsWith('user:') ? deliverUser(deps, t, row) : deliverGroup(deps, t, row)),
    });
    wake = () => worker.wake();
    const idm = createIdmService({
      store,
      clock,
      box,
      events: services.events,
      timeoutMs: config.scimTimeoutMs,
      onEnqueued: () => worker.wake(),
    });
    const importer = createImporter({
      store,
      clock,
      events: services.events,
      logger,
      target,
      createUser: (i) => services.directory.createUser(i),
    });
    let schedule: NodeJS.Timeout | undefined;

    async function userStatus(applicationId: string, userId: string): Promise<UserSyncStatus> {
      const [user, link, pending] = await Promise.all([
        store.users.get(userId),
        store.provisioningLinks.get(applicationId, 'user', userId),
        store.outbox.pendingCount(applicationId, userSubject(userId)),
      ]);
      return {
        userId,
        username: user?.username ?? link?.remoteName ?? '',
        remoteId: link?.remoteId ?? null,
        state: pending > 0 ? 'pending' : link ? (link.lastSuccess === false ? 'failed' : link.state) : 'not_provisioned',
        pendingChanges: pending,
        lastAction: link?.lastAction ?? null,
        lastSuccess: link?.lastSuccess ?? null,
        lastStatus: link?.lastStatus ?? null,
        lastError: link?.lastError ?? null,
        lastAttemptAt: link?.lastAttemptAt?.toISOString() ?? null,
      };
    }

    return {
      idm,
      importer,
      worker,
      userStatus,
      async resyncUser(application, userId) {
        const app = await idm.requireApp(application);
        const queued = await resyncUser(store, app, userId, clock.now(), () => worker.wake());
        return { ...(await userStatus(app.id, userId)), queued };
      },
      notifications: (options) => store.notifications.list(options),
      markNotificationRead: (id) => store.notifications.markRead(id),
      pauseStatus: (applicationId) => pauseStatus(store, clock, applicationId),
      async userStatuses(applicationId, { limit, offset }) {
        const page = await store.provisioningLinks.list(applicationId, 'user', { limit, offset });
        return { ...page, items: await Promise.all(page.items.map((l) => userStatus(applicationId, l.localId))) };
      },
      start() {
        if (!config.provisioningWorker) return;
        worker.start();
        schedule = setInterval(() => {
          importer.runScheduled().catch((err) => logger.error({ err }, 'scheduled import failed'));
          // Delivered rows are kept a week (audit trail next to the events), then purged.
          store.outbox
            .purgeDone(new Date(clock.now().getTime() - DONE_RETENTION_MS))
            .catch((err) => logger.error({ err }, 'outbox purge failed'));
        }, SCHEDULE_CHECK_MS);
        schedule.unref();
      },
      async stop() {
        if (schedule) clearInterval(schedule);
        await worker.stop();
        await importer.settle();
      },
    };
  }

  return { store, box, attach };
}

export type Provisioning = ReturnType<typeof createProvisioning>;
