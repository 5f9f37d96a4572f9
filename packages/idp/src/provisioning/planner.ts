// Directory change → outbox rows. Every function runs inside the directory change's own
// transaction (`tx`), so the rows commit with the change or not at all. Only applications with an
// ACTIVE IdM integration get rows.
import type { UserRecord } from '../domain.js';
import type { LinkKind, NewOutboxEntry, ProvisioningLink } from '../store/provisioning-types.js';
import type { Store } from '../store/types.js';
import { changedAttributes, goneUserSnapshot, snapshot } from './mapping.js';
import type { SecretBox } from './secret-box.js';

export const userSubject = (id: string) => `user:${id}`;
export const groupSubject = (id: string) => `group:${id}`;

async function activeSet(tx: Store, applicationIds: Iterable<string>): Promise<Set<string>> {
  const active = new Set<string>();
  for (const id of new Set(applicationIds)) if ((await tx.idmIntegrations.get(id))?.active) active.add(id);
  return active;
}

/** Applications with an active integration the user is bound to (through any group). */
export async function provisionedAppsOfUser(tx: Store, userId: string): Promise<Set<string>> {
  return activeSet(
    tx,
    (await tx.applications.listBoundToUser(userId)).map((a) => a.id),
  );
}

export async function provisionedAppsOfGroup(tx: Store, groupId: string): Promise<Set<string>> {
  return activeSet(tx, await tx.applications.listBoundApplicationIds(groupId));
}

/** How long a password set in the directory is held (sealed) for the user's first SCIM create in an application. */
export const HELD_PASSWORD_TTL_MS = 24 * 60 * 60 * 1000;

/** Holds a password just set (user created, or password changed) for the next `user.upsert` rows (see PendingPasswordRepository). */
export async function holdPassword(tx: Store, box: SecretBox, userId: string, password: string, now: Date): Promise<void> {
  await tx.pendingPasswords.put(userId, box.seal(password), new Date(now.getTime() + HELD_PASSWORD_TTL_MS));
}

/** Provision the user; a password held for them rides along, still sealed, for the SCIM create. */
export async function upsert(tx: Store, applicationId: string, user: UserRecord, now: Date): Promise<NewOutboxEntry> {
  return upsertEntry(applicationId, user, await tx.pendingPasswords.get(user.id, now));
}

const upsertEntry = (applicationId: string, user: UserRecord, password: string | undefined): NewOutboxEntry => ({
  applicationId,
  subject: userSubject(user.id),
  action: 'user.upsert',
  payload: { user: snapshot(user), ...(password ? { password } : {}) },
});

/** Users read (with their held passwords) per this many: a 100,000-member binding in a few hundred queries. */
const UPSERT_BATCH = 1000;

/** `user.upsert` rows of these users, in the order given (ids of users that no longer exist are skipped). */
async function upserts(tx: Store, applicationId: string, userIds: string[], now: Date): Promise<NewOutboxEntry[]> {
  const rows: NewOutboxEntry[] = [];
  for (let i = 0; i < userIds.length; i += UPSERT_BATCH) {
    const ids = userIds.slice(i, i + UPSERT_BATCH);
    const users = await tx.provisioningBatchReads.usersByIds(ids);
    const passwords = await tx.provisioningBatchReads.heldPasswords(ids, now);
    for (const id of ids) {
      const user = users.get(id);
      if (user) rows.push(upsertEntry(applicationId, user, passwords.get(id)));
    }
  }
  return rows;
}

export const deactivate = (applicationId: string, user: UserRecord): NewOutboxEntry => ({
  applicationId,
  subject: userSubject(user.id),
  action: 'user.deactivate',
  payload: { user: snapshot(user) },
});

const groupSync = (applicationId: string, groupId: string): NewOutboxEntry => ({
  applicationId,
  subject: groupSubject(groupId),
  action: 'group.sync',
  payload: { groupId },
});

export function userUpdated(apps: Set<string>, before: UserRecord, after: UserRecord, box: SecretBox, password?: string): NewOutboxEntry[] {
  const changed = changedAttributes(snapshot(before), snapshot(after));
  const rows: NewOutboxEntry[] = [];
  for (const applicationId of apps) {
    if (changed.length)
      rows.push({ applicationId, subject: userSubject(after.id), action: 'user.update', payload: { user: snapshot(after), changed } });
    if (password !== undefined) {
      rows.push({
        applicationId,
        subject: userSubject(after.id),
        action: 'user.password',
        payload: { user: snapshot(after), password: box.seal(password) },
      });
    }
  }
  return rows;
}

/** Deletion in the IdP: deactivate in each application (or delete where the admin chose it); groups resync. */
export async function userDeleted(tx: Store, user: UserRecord, apps: Set<string>, groupIds: string[]): Promise<NewOutboxEntry[]> {
  const rows: NewOutboxEntry[] = [];
  for (const applicationId of apps) {
    const mode = (await tx.idmIntegrations.get(applicationId))?.deleteOnIdpDelete ? 'delete' : 'deactivate';
    rows.push({ applicationId, subject: userSubject(user.id), action: 'user.delete', payload: { user: snapshot(user), mode } });
    for (const g of groupIds)
      if ((await tx.applications.listBoundApplicationIds(g)).includes(applicationId)) rows.push(groupSync(applicationId, g));
  }
  return rows;
}

export async function memberAdded(
  tx: Store,
  groupId: string,
  user: UserRecord,
  appsBefore: Set<string>,
  now: Date,
): Promise<NewOutboxEntry[]> {
  const rows: NewOutboxEntry[] = [];
  for (const applicationId of await provisionedAppsOfGroup(tx, groupId)) {
    if (!appsBefore.has(applicationId)) rows.push(await upsert(tx, applicationId, user, now));
    rows.push(groupSync(applicationId, groupId));
  }
  return rows;
}

export async function memberRemoved(tx: Store, groupId: string, user: UserRecord): Promise<NewOutboxEntry[]> {
  const rows: NewOutboxEntry[] = [];
  const stillBound = await provisionedAppsOfUser(tx, user.id);
  for (const applicationId of await provisionedAppsOfGroup(tx, groupId)) {
    if (!stillBound.has(applicationId)) rows.push(deactivate(applicationId, user));
    rows.push(groupSync(applicationId, groupId));
  }
  return rows;
}

/** Before binding: which members are new to the application. */
export function membersNotYetBound(tx: Store, applicationId: string, groupId: string): Promise<string[]> {
  return tx.provisioningBatchReads.membersNotBound(applicationId, groupId);
}

export async function groupBound(
  tx: Store,
  applicationId: string,
  groupId: string,
  newMemberIds: string[],
  now: Date,
): Promise<NewOutboxEntry[]> {
  return [...(await upserts(tx, applicationId, newMemberIds, now)), groupSync(applicationId, groupId)];
}

/** After unbinding (or deleting) a group: members no other bound group covers are deactivated; the group is removed. */
export async function groupUnbound(
  tx: Store,
  applicationId: string,
  groupId: string,
  memberIds: string[],
  groupName: string,
): Promise<NewOutboxEntry[]> {
  const rows: NewOutboxEntry[] = [];
  for (const id of memberIds) {
    if (await tx.applications.isUserBound(id, applicationId)) continue;
    const user = await tx.users.get(id);
    if (user) rows.push(deactivate(applicationId, user));
  }
  rows.push({ applicationId, subject: groupSubject(groupId), action: 'group.delete', payload: { groupId, name: groupName } });
  return rows;
}

export function groupRenamed(apps: Set<string>, groupId: string): NewOutboxEntry[] {
  return [...apps].map((applicationId) => groupSync(applicationId, groupId));
}

/**
 * Activation (and reactivation): every user bound to the application is provisioned, every bound
 * group pushed, and every copy the application still holds of a user or group that is no longer
 * bound (unbound or deleted while the integration was inactive: the worker sent nothing then) is
 * deactivated — or deleted, when the admin chose deletion for users deleted in the IdP.
 */
export async function fullSync(tx: Store, applicationId: string, now: Date): Promise<NewOutboxEntry[]> {
  const seen = new Set<string>();
  const groupIds = await tx.applications.listBoundGroupIds(applicationId);
  for (const g of groupIds) for (const id of await tx.groups.listMemberIds(g)) seen.add(id);
  const rows = await upserts(tx, applicationId, [...seen], now);
  for (const g of groupIds) rows.push(groupSync(applicationId, g));
  rows.push(...(await staleCopies(tx, applicationId, seen, new Set(groupIds))));
  return rows;
}

async function* allLinks(tx: Store, applicationId: string, kind: LinkKind): AsyncGenerator<ProvisioningLink> {
  const limit = 500;
  for (let offset = 0; ; offset += limit) {
    const page = await tx.provisioningLinks.list(applicationId, kind, { limit, offset });
    yield* page.items;
    if (page.items.length < limit) return;
  }
}

/** Linked copies whose directory object is no longer bound: the changes the inactive integration skipped. */
async function staleCopies(tx: Store, applicationId: string, boundUsers: Set<string>, boundGroups: Set<string>): Promise<NewOutboxEntry[]> {
  const rows: NewOutboxEntry[] = [];
  const deleteOnIdpDelete = (await tx.idmIntegrations.get(applicationId))?.deleteOnIdpDelete === true;
  for await (const link of allLinks(tx, applicationId, 'user')) {
    if (!link.remoteId || boundUsers.has(link.localId)) continue;
    const user = await tx.users.get(link.localId);
    const alreadyInactive = link.state === 'deactivated' && link.lastSuccess === true;
    if (user) {
      if (!alreadyInactive) rows.push(deactivate(applicationId, user));
      continue;
    }
    // Deleted in the IdP: only the link remembers who it was.
    const mode = deleteOnIdpDelete ? 'delete' : 'deactivate';
    if (mode === 'deactivate' && alreadyInactive) continue;
    const gone = goneUserSnapshot(link.localId, link.remoteName);
    rows.push({ applicationId, subject: userSubject(link.localId), action: 'user.delete', payload: { user: gone, mode } });
  }
  for await (const link of allLinks(tx, applicationId, 'group')) {
    if (!link.remoteId || boundGroups.has(link.localId)) continue;
    rows.push({
      applicationId,
      subject: groupSubject(link.localId),
      action: 'group.delete',
      payload: { groupId: link.localId, name: link.remoteName },
    });
  }
  return rows;
}
