// "Importing Users": list the application's users (paged SCIM GET) as New or Imported, and create
// the selected ones in the directory through the directory services. Up to 100 at once: results
// returned; more: a background job ending with a portal notification and a `user_import` event.
// An hourly schedule imports every New user.
import { randomUUID } from 'node:crypto';
import { SamlbridgeError } from '@samlbridge/protocol';
import type { Clock, Logger } from '@samlbridge/web';
import type { Application, User } from '../domain.js';
import type { EventService } from '../services/events.js';
import type { Store } from '../store/types.js';
import type { Target } from './delivery-context.js';
import { emptyLink } from './delivery-context.js';
import { recordProvisioningEvent } from './events.js';
import type { ScimUser } from './scim-client.js';

export const IMPORT_NOW_LIMIT = 100;
const PAGE = 100;
const HOUR = 60 * 60 * 1000;

export interface RemoteUser {
  remoteId: string;
  userName: string;
  email: string | null;
  firstName: string;
  lastName: string;
  active: boolean;
  status: 'new' | 'imported';
  localUserId: string | null;
}

export interface ImportResult {
  remoteId: string;
  userName: string | null;
  outcome: 'imported' | 'already_imported' | 'failed';
  userId?: string;
  error?: string;
}

export interface ImporterOptions {
  store: Store;
  clock: Clock;
  events: EventService;
  logger: Logger;
  target(applicationId: string): Promise<Target | undefined>;
  /** The directory service's createUser (validation, uniqueness). */
  createUser(input: { username: string; email: string; firstName?: string; lastName?: string }): Promise<User>;
}

function primaryEmail(u: ScimUser): string | null {
  const emails = u.emails ?? [];
  return (emails.find((e) => e.primary) ?? emails[0])?.value ?? null;
}

export function createImporter(o: ImporterOptions) {
  const running = new Set<Promise<unknown>>();

  async function requireTarget(app: Application): Promise<Target> {
    const t = await o.target(app.id);
    if (!t)
      throw new SamlbridgeError(
        'idm_inactive',
        `The Identity Management integration of "${app.name}" is not active: activate it to import users.`,
        { status: 409 },
      );
    return t;
  }

  async function describe(app: Application, u: ScimUser): Promise<RemoteUser> {
    const linked = await o.store.provisioningLinks.findByRemoteId(app.id, 'user', u.id);
    const local = linked ? await o.store.users.get(linked.localId) : await o.store.users.findByUsername(u.userName);
    return {
      remoteId: u.id,
      userName: u.userName,
      email: primaryEmail(u),
      firstName: u.name?.givenName ?? '',
      lastName: u.name?.familyName ?? '',
      active: u.active !== false,
      status: local ? 'imported' : 'new',
      localUserId: local?.id ?? null,
    };
  }

  async function* allRemote(t: Target): AsyncGenerator<ScimUser> {
    for (let startIndex = 1; ; startIndex += PAGE) {
      const page = await t.client.listUsers({ startIndex, count: PAGE });
      const items = page.Resources ?? [];
      yield* items;
      if (items.length === 0 || startIndex + items.length > page.totalResults) return;
    }
  }

  async function importOne(app: Application, t: Target, remoteId: string): Promise<ImportResult> {
    let remote: ScimUser;
    try {
      remote = await t.client.getUser(remoteId);
    } catch (err) {
      return { remoteId, userName: null, outcome: 'failed', error: (err as Error).message };
    }
    const described = await describe(app, remote);
    if (described.localUserId) {
      await linkTo(app, described.localUserId, remote);
      return { remoteId, userName: remote.userName, outcome: 'already_imported', userId: described.localUserId };
    }
    const email = described.email;
    if (!email) return { remoteId, userName: remote.userName, outcome: 'failed', error: 'the user has no email address' };
    try {
      const user = await o.createUser({ username: remote.userName, email, firstName: described.firstName, lastName: described.lastName });
      await linkTo(app, user.id, remote);
      return { remoteId, userName: remote.userName, outcome: 'imported', userId: user.id };
    } catch (err) {
      return { remoteId, userName: remote.userName, outcome: 'failed', error: (err as Error).message };
    }
  }

  async function linkTo(app: Application, userId: string, remote: ScimUser) {
    const existing = await o.store.provisioningLinks.get(app.id, 'user', userId);
    if (existing?.remoteId === remote.id) return;
    await o.store.provisioningLinks.put({
      ...emptyLink(app.id, 'user', userId, remote.userName),
      remoteId: remote.id,
      state: remote.active === false ? 'deactivated' : 'active',
    });
  }

  async function runBatch(app: Application, t: Target, ids: string[], initiator: string): Promise<ImportResult[]> {
    const results: ImportResult[] = [];
    for (const id of ids) results.push(await importOne(app, t, id));
    const imported = results.filter((r) => r.outcome === 'imported').length;
    const failures = results.filter((r) => r.outcome === 'failed');
    await recordProvisioningEvent(o.events, {
      type: 'user_import',
      initiator,
      application: app.name,
      resource: `application:${app.id}`,
      success: failures.length === 0,
      reason: failures.length ? 'partial_import' : null,
      detail: { requested: ids.length, imported, alreadyImported: results.length - imported - failures.length, failed: failures.length },
    });
    return results;
  }

  async function background(app: Application, t: Target, ids: string[], initiator: string, jobId: string) {
    try {
      const results = await runBatch(app, t, ids, initiator);
      const imported = results.filter((r) => r.outcome === 'imported').length;
      const failed = results.filter((r) => r.outcome === 'failed').length;
      await o.store.notifications.insert({
        id: jobId,
        time: o.clock.now(),
        applicationId: app.id,
        kind: 'import_complete',
        message: `Import from ${app.displayLabel} finished: ${imported} imported, ${failed} failed, ${results.length - imported - failed} already imported.`,
        read: false,
      });
    } catch (err) {
      o.logger.error({ err, application: app.name }, 'background import failed');
    }
  }

  return {
    /** Manual import list: one page, or (newOnly) the New users only, paging the SP until enough are found. */
    async list(
      app: Application,
      { newOnly = false, startIndex = 1, count = 50 }: { newOnly?: boolean; startIndex?: number; count?: number },
    ) {
      const t = await requireTarget(app);
      if (!newOnly) {
        const page = await t.client.listUsers({ startIndex, count });
        const items = await Promise.all((page.Resources ?? []).map((u) => describe(app, u)));
        return { items, totalResults: page.totalResults, startIndex, count };
      }
      const fresh: RemoteUser[] = [];
      for await (const u of allRemote(t)) {
        const d = await describe(app, u);
        if (d.status === 'new') fresh.push(d);
      }
      return { items: fresh.slice(startIndex - 1, startIndex - 1 + count), totalResults: fresh.length, startIndex, count };
    },

    /** Up to 100: done now, results returned. More: background job, notification when finished. */
    async importUsers(app: Application, remoteIds: string[], initiator: string) {
      const t = await requireTarget(app);
      const ids = [...new Set(remoteIds)];
      if (ids.length <= IMPORT_NOW_LIMIT) return { background: false as const, results: await runBatch(app, t, ids, initiator) };
      const jobId = randomUUID();
      const job = background(app, t, ids, initiator, jobId).finally(() => running.delete(job));
      running.add(job);
      return { background: true as const, jobId, count: ids.length };
    },

    /** Hourly schedule: every integration due imports all its New users. */
    async runScheduled(): Promise<void> {
      const now = o.clock.now();
      for (const i of await o.store.idmIntegrations.listActive()) {
        if (i.importSchedule !== 'hourly' || (i.lastImportAt && now.getTime() - i.lastImportAt.getTime() < HOUR)) continue;
        const app = await o.store.applications.get(i.applicationId);
        const t = await o.target(i.applicationId);
        if (!app || !t) continue;
        await o.store.idmIntegrations.put({ ...i, lastImportAt: now });
        const ids: string[] = [];
        for await (const u of allRemote(t)) if ((await describe(app, u)).status === 'new') ids.push(u.id);
        if (ids.length) await background(app, t, ids, 'system:scheduled-import', randomUUID());
      }
    },

    /** Waits for background imports (close(), tests). */
    async settle(): Promise<void> {
      await Promise.allSettled([...running]);
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;
