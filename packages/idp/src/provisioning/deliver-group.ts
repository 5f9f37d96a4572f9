// Delivery of group rows: push a bound group (not an empty one), take over a same-name group at
// the SP, sync member deltas (PATCH add/remove, RFC 7644 §3.5.2), delete it when unbound. Members travel at most
// `membersPerRequest` per request (IDP_PROVISIONING_GROUP_MEMBERS_PER_REQUEST), so a big group fits an SP's body limit.

import type { OutboxEntry, ProvisioningLink } from '../store/provisioning-types.js';
import { type Delivery, type DeliveryDeps, DONE, emptyLink, failed, isNotFound, recordOutcome, type Target } from './delivery-context.js';
import { groupMemberRequests } from './group-member-requests.js';
import { userSubject } from './planner.js';

/** A group waits while any of its members still has changes queued (members must exist at the SP first). */
const MEMBER_WAIT_MS = 500;

export async function deliverGroup(deps: DeliveryDeps, target: Target, row: OutboxEntry): Promise<Delivery> {
  const { store } = deps;
  const appId = target.app.id;
  const groupId = row.payload.groupId as string;
  const link = await store.provisioningLinks.get(appId, 'group', groupId);
  const { client } = target;

  if (row.action === 'group.delete') {
    if (!link?.remoteId) return { kind: 'done', note: 'never pushed' };
    try {
      await client.deleteGroup(link.remoteId);
    } catch (err) {
      // RFC 7644 §3.6: 404 on DELETE means the group is already gone at the SP, which is what the delete wants.
      if (!isNotFound(err)) await failed(deps, target, err, { type: 'group_delete_provision', link });
      else deps.logger.debug({ application: target.app.name, remoteId: link.remoteId }, 'group already deleted at the SP');
    }
    await recordOutcome(deps, target, { type: 'group_delete_provision', link, success: true, status: 204 });
    await store.provisioningLinks.delete(appId, 'group', groupId);
    return DONE;
  }

  const group = await store.groups.get(groupId);
  if (!group || !(await store.applications.listBoundGroupIds(appId)).includes(groupId)) return { kind: 'done', note: 'no longer bound' };
  const memberIds = await store.groups.listMemberIds(groupId);
  // The member queued last is the likeliest still waiting during a bulk binding: asked alone first, then all of them.
  const last = memberIds.at(-1);
  if (
    (last !== undefined && (await store.outbox.pendingCount(appId, userSubject(last))) > 0) ||
    (await store.outbox.anyPending(appId, memberIds.map(userSubject)))
  ) {
    return { kind: 'wait', ms: MEMBER_WAIT_MS, reason: 'waiting for members to be provisioned' };
  }
  const remoteIds = await store.provisioningLinks.remoteIds(appId, 'user', memberIds);
  const desired = memberIds.flatMap((id) => remoteIds.get(id) ?? []);

  let current: ProvisioningLink | undefined = link;
  let takeover = false;
  if (!current?.remoteId) {
    if (desired.length === 0) return { kind: 'done', note: 'empty groups are not pushed' };
    const fresh = emptyLink(appId, 'group', groupId, group.name);
    let existing: { id: string; members?: Array<{ value: string }> } | undefined;
    try {
      const found = await client.findGroupByDisplayName(group.name);
      existing = found && (await client.getGroup(found.id));
    } catch (err) {
      await failed(deps, target, err, { type: 'group_create_provision', link: fresh });
    }
    if (!existing) {
      // At most `membersPerRequest` members in the POST; the rest follow in PATCH requests (group-member-requests.ts).
      const first = desired.slice(0, deps.membersPerRequest);
      try {
        const created = await client.createGroup(group.name, first);
        const l = { ...fresh, remoteId: created.id, remoteMembers: first };
        await recordOutcome(deps, target, {
          type: 'group_create_provision',
          link: l,
          success: true,
          status: 201,
          detail: { members: first.length },
        });
        if (first.length === desired.length) return DONE;
        current = l;
      } catch (err) {
        return failed(deps, target, err, { type: 'group_create_provision', link: fresh });
      }
    } else {
      // Take over the same-name group: its current members become the baseline of the delta.
      current = { ...fresh, remoteId: existing.id, remoteName: '', remoteMembers: (existing.members ?? []).map((m) => m.value) };
      takeover = true;
    }
  }
  const base: ProvisioningLink = current;

  const want = new Set(desired);
  const have = new Set(base.remoteMembers);
  const add = desired.filter((id) => !have.has(id));
  const remove = base.remoteMembers.filter((id) => !want.has(id));
  const requests = groupMemberRequests(
    { ...(base.remoteName !== group.name ? { rename: group.name } : {}), add, remove },
    deps.membersPerRequest,
  );
  const next = { ...base, remoteName: group.name, remoteMembers: desired };
  if (requests.length === 0) {
    if (takeover) await store.provisioningLinks.put(next);
    return DONE;
  }
  // What the SP holds after the requests that succeeded: a failure records it, so the retry sends only the rest.
  const held = new Set(base.remoteMembers);
  let renamed = base.remoteName === group.name;
  const progress = (): ProvisioningLink => ({ ...base, remoteName: renamed ? group.name : base.remoteName, remoteMembers: [...held] });
  for (const request of requests) {
    try {
      await client.patchGroup(base.remoteId!, request.ops);
    } catch (err) {
      if (isNotFound(err)) {
        await store.provisioningLinks.delete(appId, 'group', groupId);
        return { kind: 'wait', ms: 0, reason: 'group deleted at the SP: pushing it again' };
      }
      await failed(deps, target, err, { type: 'group_update_provision', link: progress() });
    }
    for (const id of request.added) held.add(id);
    for (const id of request.removed) held.delete(id);
    renamed = true;
  }
  await recordOutcome(deps, target, {
    type: 'group_update_provision',
    link: next,
    success: true,
    status: 200,
    detail: { added: add.length, removed: remove.length, takeover, ...(requests.length > 1 ? { requests: requests.length } : {}) },
  });
  return DONE;
}
