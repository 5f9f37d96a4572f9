// "Importing Users": list the application's users (paged SCIM GET) as New or Imported, and create
// the selected ones in the directory through the directory services. Up to 100 at once: results
// returned; more: a background job ending with a portal notification and a `user_import` event.
// An hourly schedule imports every New user; its `lastImportAt` moves only when a run completes,
// so a failed run is tried again at the next check. Background jobs live in memory
// (import-jobs.ts): a restart loses an unfinished one; a failed one posts a portal notification.
// The application's own Super Admin (TalentLMS userType SuperAdmin, however spelled) is never offered:
// it is not listed, not imported by ID or by the schedule, and never linked to a directory user.

import { randomUUID } from 'node:crypto';
import type { ScimUser } from '@samlbridge/protocol';
import { isSuperAdminUserType, talentlmsUserType } from '@samlbridge/protocol';
import type { Clock, Logger } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import type { Application, User } from '../domain.js';
import type { EventService } from '../services/events.js';
import type { Store } from '../store/types.js';
import type { Target } from './delivery-context.js';
import { emptyLink } from './delivery-context.js';
import { recordProvisioningEvent } from './events.js';
import { createImportJobs, type ImportJob } from './import-jobs.js';

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

/** The application's own Super Admin: an account of the application, not of the directory. */
function isApplicationSuperAdmin(u: ScimUser): boolean {
  return isSuperAdminUserType(talentlmsUserType(u));
}

function primaryEmail(u: ScimUser): string | null {
  const emails = u.emails ?? [];
  return (emails.find((e) => e.primary) ?? emails[0])?.value ?? null;
}

export function createImporter(o: ImporterOptions) {
  const running = new Set<Promise<unknown>>();
  const jobs = createImportJobs(() => o.clock.now());
  /** Applications whose scheduled import is running (a slow run must not start twice). */
  const scheduling = new Set<string>();

  function track<T>(p: Promise<T>): Promise<T> {
    const tracked = p.finally(() => running.delete(tracked));
    running.add(tracked);
    return tracked;
  }

  async function requireTarget(app: Application): Promise<Target> {
    const t = await o.target(app.id);
    if (!t)
      throw adminError('idm_inactive', `The Identity Management integration of "${app.name}" is not active: activate it to import users.`);
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
    if (isApplicationSuperAdmin(remote)) {
      const error = `"${remote.userName}" is the application's Super Admin, an account of the application itself: it is never imported`;
      return { remoteId, userName: remote.userName, outcome: 'failed', error };
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

  async function runBatch(app: Application, t: Target, ids: string[], initiator: string, job?: ImportJob): Promise<ImportResult[]> {
    const results: ImportResult[] = [];
    for (const id of ids) {
      const r = await importOne(app, t, id);
      results.push(r);
      if (job) {
        job.done++;
        if (r.outcome === 'imported') job.imported++;
        if (r.outcome === 'failed') job.failed++;
      }
    }
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

  /** A background import that could not finish: portal notification + failed `user_import` event. */
  async function reportFailure(app: Application, id: string, initiator: string, err: unknown, job?: ImportJob) {
    const reason = (err as Error)?.message ?? String(err);
    o.logger.error({ err, application: app.name }, 'background import failed');
    const progress = job ? ` after ${job.done} of ${job.total} users (${job.imported} imported)` : '';
    try {
      await o.store.notifications.insert({
        id,
        time: o.clock.now(),
        applicationId: app.id,
        kind: 'import_failed',
        message: `Import from ${app.displayLabel} failed${progress}: ${reason}. Users already imported stay; run the import again from Manual import → New users only.`,
        read: false,
      });
      await recordProvisioningEvent(o.events, {
        type: 'user_import',
        initiator,
        application: app.name,
        resource: `application:${app.id}`,
        success: false,
        reason: 'import_failed',
        detail: { error: reason, requested: job?.total ?? null, done: job?.done ?? 0, imported: job?.imported ?? 0 },
      });
    } catch (notifyErr) {
      o.logger.error({ err: notifyErr, application: app.name }, 'could not record the failed import');
    }
  }

  /** Runs a background import; true when it ran to the end (some users may still have failed). */
  async function background(app: Application, t: Target, ids: string[], initiator: string, jobId: string): Promise<boolean> {
    const job = jobs.start(jobId, app.id, ids.length, initiator);
    try {
      const results = await runBatch(app, t, ids, initiator, job);
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
      jobs.finish(job);
      return true;
    } catch (err) {
      jobs.finish(job, (err as Error)?.message ?? String(err));
      await reportFailure(app, jobId, initiator, err, job);
      return false;
    }
  }

  /** One application's hourly import: every New user; `lastImportAt` only after a completed run. */
  async function scheduledImport(app: Application, t: Target, startedAt: Date): Promise<void> {
    const initiator = 'system:scheduled-import';
    const jobId = randomUUID();
    const ids: string[] = [];
    try {
      for await (const u of allRemote(t)) if (!isApplicationSuperAdmin(u) && (await describe(app, u)).status === 'new') ids.push(u.id);
    } catch (err) {
      await reportFailure(app, jobId, initiator, err);
      return;
    }
    if (ids.length && !(await background(app, t, ids, initiator, jobId))) return;
    const latest = await o.store.idmIntegrations.get(app.id); // settings may have changed meanwhile
    if (latest) await o.store.idmIntegrations.put({ ...latest, lastImportAt: startedAt });
  }

  return {
    /** Manual import list: one page, or (newOnly) the New users only, paging the SP until enough are found. */
    async list(
      app: Application,
      { newOnly = false, startIndex = 1, count = 50 }: { newOnly?: boolean; startIndex?: number; count?: number },
    ) {
      const t = await requireTarget(app);
      if (!newOnly) {
        // The Super Admin is left out of the page (so a page may hold fewer than `count`) and of the total.
        const page = await t.client.listUsers({ startIndex, count });
        const resources = page.Resources ?? [];
        const offered = resources.filter((u) => !isApplicationSuperAdmin(u));
        const items = await Promise.all(offered.map((u) => describe(app, u)));
        return { items, totalResults: Math.max(0, page.totalResults - (resources.length - offered.length)), startIndex, count };
      }
      const fresh: RemoteUser[] = [];
      for await (const u of allRemote(t)) {
        if (isApplicationSuperAdmin(u)) continue;
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
      void track(background(app, t, ids, initiator, jobId));
      return { background: true as const, jobId, count: ids.length };
    },

    /** Hourly schedule: every integration due imports all its New users (one failing app does not stop the others). */
    async runScheduled(): Promise<void> {
      const now = o.clock.now();
      for (const i of await o.store.idmIntegrations.listActive()) {
        if (i.importSchedule !== 'hourly' || (i.lastImportAt && now.getTime() - i.lastImportAt.getTime() < HOUR)) continue;
        if (scheduling.has(i.applicationId)) continue;
        const app = await o.store.applications.get(i.applicationId);
        const t = await o.target(i.applicationId);
        if (!app || !t) continue;
        scheduling.add(i.applicationId);
        try {
          await track(scheduledImport(app, t, now));
        } finally {
          scheduling.delete(i.applicationId);
        }
      }
    },

    /** Background import jobs of an application, newest first (in memory: lost on restart). */
    jobs: (applicationId: string): ImportJob[] => jobs.list(applicationId),

    /** Waits for background imports (close(), tests). */
    async settle(): Promise<void> {
      await Promise.allSettled([...running]);
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;
