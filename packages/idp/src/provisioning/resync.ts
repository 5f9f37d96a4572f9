// "Resync" of one user (portal button, API): queues the user's full state again — for re-pushing
// after a permanent failure (e.g. fixed at the SP), or to repair a copy changed at the SP. A bound
// user is upserted (lookup/link or create, then every mapped attribute); a user no longer bound
// but still linked is deactivated again.

import { adminError } from '../admin-errors.js';
import type { Application } from '../domain.js';
import { notFound } from '../services/validation.js';
import type { Store } from '../store/types.js';
import { deactivate, upsert } from './planner.js';

export async function resyncUser(
  store: Store,
  app: Application,
  userId: string,
  now: Date,
  onEnqueued: () => void,
): Promise<'user.upsert' | 'user.deactivate'> {
  const action = await store.transaction(async (tx) => {
    if (!(await tx.idmIntegrations.get(app.id))?.active) {
      throw adminError(
        'idm_inactive',
        `The Identity Management integration of "${app.name}" is not active: activate it, then resync (activation resyncs every user).`,
      );
    }
    const user = await tx.users.get(userId);
    if (!user) throw notFound('user', userId);
    if (await tx.applications.isUserBound(userId, app.id)) {
      await tx.outbox.enqueue([await upsert(tx, app.id, user, now)], now);
      return 'user.upsert' as const;
    }
    if ((await tx.provisioningLinks.get(app.id, 'user', userId))?.remoteId) {
      await tx.outbox.enqueue([deactivate(app.id, user)], now);
      return 'user.deactivate' as const;
    }
    throw adminError(
      'user_not_assigned',
      `The user "${user.username}" is not assigned to "${app.name}" and was never provisioned there: add them to a group bound to the application.`,
    );
  });
  onEnqueued();
  return action;
}
