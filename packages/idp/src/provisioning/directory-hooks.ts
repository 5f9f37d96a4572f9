// Wraps the Store so that every directory write that changes what an application should hold
// (user attributes/status/password, deletion, group membership, group bindings, group rename or
// deletion) writes its outbox rows in the SAME transaction (store.transaction) as the change
// itself; a password set at creation or changed is also held sealed for the user's first SCIM create. Services, the API, the portal, the seed and the import all write through it, so no path
// can change the directory without the outbox knowing.
import type { Clock } from '@samlbridge/web';
import type { NewOutboxEntry } from '../store/provisioning-types.js';
import type { Store } from '../store/types.js';
import { changedAttributes, snapshot } from './mapping.js';
import * as plan from './planner.js';
import type { SecretBox } from './secret-box.js';

export interface ProvisioningHooksOptions {
  box: SecretBox;
  clock: Clock;
  /** Called after a transaction that enqueued rows has committed (wakes the local worker). */
  onEnqueued?: () => void;
}

export function withProvisioningHooks(store: Store, { box, clock, onEnqueued }: ProvisioningHooksOptions): Store {
  function hooked(base: Store): Store {
    async function unit<T>(fn: (tx: Store, enqueue: (rows: NewOutboxEntry[]) => void) => Promise<T>): Promise<T> {
      let count = 0;
      const result = await base.transaction(async (tx) => {
        const rows: NewOutboxEntry[] = [];
        const value = await fn(tx, (r) => rows.push(...r));
        if (rows.length) await tx.outbox.enqueue(rows, clock.now());
        count = rows.length;
        return value;
      });
      if (count) onEnqueued?.();
      return result;
    }

    return {
      ...base,
      transaction: (fn) => base.transaction((tx) => fn(hooked(tx))),
      users: {
        ...base.users,
        insert: (user, hints) =>
          unit(async (tx) => {
            await tx.users.insert(user, hints);
            if (hints?.password !== undefined) await plan.holdPassword(tx, box, user.id, hints.password, clock.now());
          }),
        update: (id, patch, updatedAt, hints) =>
          unit(async (tx, enqueue) => {
            const before = await tx.users.get(id);
            const after = await tx.users.update(id, patch, updatedAt, hints);
            if (!before || !after) return after;
            const password = patch.passwordHash !== undefined ? hints?.password : undefined;
            if (password !== undefined) await plan.holdPassword(tx, box, id, password, clock.now());
            if (changedAttributes(snapshot(before), snapshot(after)).length || password !== undefined) {
              enqueue(plan.userUpdated(await plan.provisionedAppsOfUser(tx, id), before, after, box, password));
            }
            return after;
          }),
        delete: (id) =>
          unit(async (tx, enqueue) => {
            const user = await tx.users.get(id);
            if (!user) return false;
            const apps = await plan.provisionedAppsOfUser(tx, id);
            const groupIds = await tx.groups.listGroupIdsOfUser(id);
            const deleted = await tx.users.delete(id);
            if (deleted) enqueue(await plan.userDeleted(tx, user, apps, groupIds));
            return deleted;
          }),
      },
      groups: {
        ...base.groups,
        addMember: (groupId, userId) =>
          unit(async (tx, enqueue) => {
            const already = (await tx.groups.listGroupIdsOfUser(userId)).includes(groupId);
            const appsBefore = await plan.provisionedAppsOfUser(tx, userId);
            await tx.groups.addMember(groupId, userId);
            const user = await tx.users.get(userId);
            if (!already && user) enqueue(await plan.memberAdded(tx, groupId, user, appsBefore, clock.now()));
          }),
        removeMember: (groupId, userId) =>
          unit(async (tx, enqueue) => {
            const removed = await tx.groups.removeMember(groupId, userId);
            const user = await tx.users.get(userId);
            if (removed && user) enqueue(await plan.memberRemoved(tx, groupId, user));
            return removed;
          }),
        update: (id, patch) =>
          unit(async (tx, enqueue) => {
            const before = await tx.groups.get(id);
            const after = await tx.groups.update(id, patch);
            if (before && after && before.name !== after.name) enqueue(plan.groupRenamed(await plan.provisionedAppsOfGroup(tx, id), id));
            return after;
          }),
        delete: (id) =>
          unit(async (tx, enqueue) => {
            const group = await tx.groups.get(id);
            if (!group) return false;
            const apps = await plan.provisionedAppsOfGroup(tx, id);
            const members = await tx.groups.listMemberIds(id);
            const deleted = await tx.groups.delete(id);
            if (deleted) for (const app of apps) enqueue(await plan.groupUnbound(tx, app, id, members, group.name));
            return deleted;
          }),
      },
      applications: {
        ...base.applications,
        bindGroup: (applicationId, groupId) =>
          unit(async (tx, enqueue) => {
            const active = (await tx.idmIntegrations.get(applicationId))?.active === true;
            const already = (await tx.applications.listBoundGroupIds(applicationId)).includes(groupId);
            const fresh = active && !already ? await plan.membersNotYetBound(tx, applicationId, groupId) : [];
            await tx.applications.bindGroup(applicationId, groupId);
            if (active && !already) enqueue(await plan.groupBound(tx, applicationId, groupId, fresh, clock.now()));
          }),
        unbindGroup: (applicationId, groupId) =>
          unit(async (tx, enqueue) => {
            const active = (await tx.idmIntegrations.get(applicationId))?.active === true;
            const members = active ? await tx.groups.listMemberIds(groupId) : [];
            const group = await tx.groups.get(groupId);
            const removed = await tx.applications.unbindGroup(applicationId, groupId);
            if (removed && active && group) enqueue(await plan.groupUnbound(tx, applicationId, groupId, members, group.name));
            return removed;
          }),
      },
    };
  }
  return hooked(store);
}
