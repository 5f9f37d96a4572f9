// Delivery of user rows: create (on 409 `uniqueness`: look up by userName and link), PATCH one op per changed
// attribute, password push, deactivation and (when the admin chose it) deletion.

import type { ScimUser } from '@samlbridge/protocol';
import type { OutboxEntry, ProvisioningLink } from '../store/provisioning-types.js';
import {
  type Delivery,
  type DeliveryDeps,
  DONE,
  emptyLink,
  failed,
  isConflict,
  isNotFound,
  recordOutcome,
  recordOutcomeEvent,
  type Target,
} from './delivery-context.js';
import { MAPPED_ATTRIBUTES, type MappedAttribute, patchOps, toScimUser, type UserSnapshot } from './mapping.js';

export async function deliverUser(deps: DeliveryDeps, target: Target, row: OutboxEntry): Promise<Delivery> {
  const user = row.payload.user as UserSnapshot;
  const appId = target.app.id;
  const link = (await deps.store.provisioningLinks.get(appId, 'user', user.id)) ?? emptyLink(appId, 'user', user.id, user.username);
  const who = { id: user.id, username: user.username };
  const { client } = target;

  /** Converge an existing remote user to the snapshot: every mapped attribute, one op each. */
  async function converge(l: ProvisioningLink, detail: Record<string, unknown>): Promise<void> {
    const active = user.status === 'active';
    try {
      await client.patchUser(l.remoteId!, patchOps(user, MAPPED_ATTRIBUTES));
    } catch (err) {
      await failed(deps, target, err, { type: 'user_update_provision', link: l, user: who, detail });
    }
    await recordOutcome(deps, target, {
      type: 'user_update_provision',
      link: { ...l, remoteName: user.username, state: active ? 'active' : 'deactivated' },
      success: true,
      status: 200,
      user: who,
      detail,
    });
  }

  /** `filter=userName eq "…"` (RFC 7644 §3.4.2.2); the outcome is an event either way. */
  async function lookup(): Promise<ScimUser | undefined> {
    let found: ScimUser | undefined;
    try {
      found = await client.findUserByUserName(user.username);
    } catch (err) {
      return failed(deps, target, err, { type: 'user_lookup_provision', link, user: who });
    }
    await recordOutcomeEvent(deps, target, {
      type: 'user_lookup_provision',
      link: { ...link, remoteId: found?.id ?? null },
      success: true,
      status: 200,
      user: who,
      detail: { found: found !== undefined, userName: user.username },
    });
    return found;
  }

  /**
   * A user never pushed to this integration (no stored SCIM id): POST first, the one request of the common case.
   * When the SP already holds the userName it answers 409 `uniqueness` (RFC 7644 §3.3): look it up
   * (`filter=userName eq`, RFC 7644 §3.4.2.2), link it and converge it with a PATCH — so a user created at the SP
   * by hand, or by a POST that landed just before a crash, is adopted, never created twice. `password` (already
   * opened) goes in the POST (RFC 7643 §4.1 `password`, writeOnly); the event records only that it was sent.
   */
  async function ensure(password?: string): Promise<ProvisioningLink> {
    if (link.remoteId) {
      await converge(link, {});
      return link;
    }
    let found: ScimUser | undefined;
    try {
      const created = await client.createUser({ ...toScimUser(user), ...(password !== undefined ? { password } : {}) });
      const l = {
        ...link,
        remoteId: created.id,
        remoteName: user.username,
        state: user.status === 'active' ? 'active' : 'deactivated',
      } as ProvisioningLink;
      await recordOutcome(deps, target, {
        type: 'user_create_provision',
        link: l,
        success: true,
        status: 201,
        user: who,
        ...(password !== undefined ? { detail: { passwordPushed: true } } : {}),
      });
      return l;
    } catch (err) {
      if (!isConflict(err)) await failed(deps, target, err, { type: 'user_create_provision', link, user: who });
      found = await lookup();
      // 409 but no user with this userName's key: another account holds it (e.g. an SP matching accents loosely), never linked.
      if (!found) await failed(deps, target, err, { type: 'user_create_provision', link, user: who });
    }
    const l = { ...link, remoteId: found!.id };
    await converge(l, { linkedExisting: true });
    return l;
  }

  async function patch(
    l: ProvisioningLink,
    attributes: MappedAttribute[],
    type: 'user_update_provision' | 'user_deprovision',
    password?: string,
  ) {
    const ops = patchOps(user, attributes);
    if (password !== undefined) ops.push({ op: 'replace', path: 'password', value: password });
    try {
      await client.patchUser(l.remoteId!, ops);
    } catch (err) {
      if (isNotFound(err) && type === 'user_deprovision') {
        // Deactivating a user the SP no longer holds: it cannot sign in there, which is the goal.
        await recordOutcome(deps, target, {
          type,
          link: { ...l, state: 'deactivated' },
          success: true,
          status: 404,
          user: who,
          detail: { attributes, goneAtApplication: true },
        });
        await deps.store.provisioningLinks.delete(appId, 'user', user.id);
        return;
      }
      if (isNotFound(err)) {
        // Deleted at the SP behind our back: forget the link and provision again.
        await deps.store.provisioningLinks.delete(appId, 'user', user.id);
        link.remoteId = null;
        const fresh = await ensure();
        if (password !== undefined) await client.patchUser(fresh.remoteId!, [{ op: 'replace', path: 'password', value: password }]);
        return;
      }
      await failed(deps, target, err, {
        type,
        link: l,
        user: who,
        detail: { attributes: [...attributes, ...(password ? ['password'] : [])] },
      });
    }
    const active = attributes.includes('active') ? user.status === 'active' : l.state === 'active';
    await recordOutcome(deps, target, {
      type,
      link: { ...l, remoteName: user.username, state: active ? 'active' : 'deactivated' },
      success: true,
      status: 200,
      user: who,
      detail: { attributes: [...attributes, ...(password !== undefined ? ['password'] : [])] },
    });
  }

  switch (row.action) {
    case 'user.upsert':
      await ensure(row.payload.password === undefined ? undefined : deps.box.open(row.payload.password as string));
      return DONE;
    case 'user.update': {
      if (!link.remoteId) {
        await ensure();
        return DONE;
      }
      const changed = row.payload.changed as MappedAttribute[];
      const deprovision = changed.length === 1 && changed[0] === 'active' && user.status !== 'active';
      await patch(link, changed, deprovision ? 'user_deprovision' : 'user_update_provision');
      return DONE;
    }
    case 'user.password': {
      const l = link.remoteId ? link : await ensure();
      await patch(l, [], 'user_update_provision', deps.box.open(row.payload.password as string));
      return DONE;
    }
    case 'user.deactivate':
      if (!link.remoteId) return { kind: 'done', note: 'never provisioned' };
      user.status = 'suspended'; // unbound: inactive in the application, whatever the directory status
      await patch(link, ['active'], 'user_deprovision');
      return DONE;
    case 'user.delete': {
      if (!link.remoteId) return { kind: 'done', note: 'never provisioned' };
      if (row.payload.mode !== 'delete') {
        user.status = 'suspended';
        await patch(link, ['active'], 'user_deprovision');
        return DONE;
      }
      try {
        await client.deleteUser(link.remoteId);
      } catch (err) {
        // RFC 7644 §3.6: 404 on DELETE means the user is already gone at the SP, which is what the delete wants.
        if (!isNotFound(err)) await failed(deps, target, err, { type: 'user_delete_provision', link, user: who });
        else deps.logger.debug({ application: target.app.name, remoteId: link.remoteId }, 'user already deleted at the SP');
      }
      await recordOutcome(deps, target, {
        type: 'user_delete_provision',
        link: { ...link, state: 'deactivated' },
        success: true,
        status: 204,
        user: who,
      });
      await deps.store.provisioningLinks.delete(appId, 'user', user.id);
      return DONE;
    }
    default:
      throw new Error(`not a user action: ${row.action}`);
  }
}
